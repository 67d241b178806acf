import { AWS_SERVICES, AZ_GROUPS, GCLOUD_GROUPS } from './cloud-cli-groups.ts';

/**
 * The command-line tools whose invocations the guard removes. Only lowercase names count: CLIs are
 * invoked in lowercase, while prose capitalises product names ("Terraform plan output reviewed").
 *
 * - `subcommands`: when present, the word after the tool must be one of them to be an invocation
 *   ("kubectl access is read-only" is prose; "kubectl delete …" is not).
 * - `mutating`: subcommands that count as an invocation even with no arguments inside inline code.
 * - `weak`: the name is also an everyday word or a routine mention ("git tag", "npm publish is
 *   frozen"), so in prose only a following flag (`--force`, `-f`) makes it an invocation.
 */
export type CliTool = {
  subcommands?: readonly string[];
  mutating?: readonly string[];
  weak?: boolean;
};

const KUBECTL_READ = ['get', 'describe', 'logs', 'top', 'wait', 'explain', 'version', 'diff'];
const KUBECTL_WRITE = [
  'apply',
  'delete',
  'rollout',
  'scale',
  'patch',
  'edit',
  'exec',
  'drain',
  'cordon',
  'uncordon',
  'replace',
  'create',
  'set',
  'annotate',
  'label',
  'run',
  'cp',
  'port-forward',
  'taint',
  'expose',
  'autoscale',
  'debug',
  'attach',
];
const kubectl: CliTool = { subcommands: [...KUBECTL_WRITE, ...KUBECTL_READ], mutating: KUBECTL_WRITE };

const TERRAFORM_WRITE = [
  'apply',
  'destroy',
  'import',
  'state',
  'taint',
  'untaint',
  'init',
  'force-unlock',
  'refresh',
];
const terraform: CliTool = {
  subcommands: [...TERRAFORM_WRITE, 'plan', 'workspace', 'output', 'show', 'validate', 'fmt'],
  mutating: TERRAFORM_WRITE,
};

const HELM_WRITE = ['upgrade', 'install', 'rollback', 'uninstall', 'delete', 'push', 'plugin', 'repo'];
const DOCKER_WRITE = ['run', 'exec', 'rm', 'rmi', 'push', 'stop', 'kill', 'restart', 'system', 'start'];
const SYSTEMCTL_WRITE = [
  'start',
  'stop',
  'restart',
  'reload',
  'enable',
  'disable',
  'mask',
  'unmask',
  'kill',
  'daemon-reload',
];
const MIGRATION_WRITE = ['migrate', 'clean', 'repair', 'baseline', 'undo', 'update', 'rollback', 'drop-all'];
const PUBLISH = ['publish', 'unpublish', 'deprecate', 'dist-tag'];

/** Tools with no subcommand list are invocations as soon as arguments follow (`rm -rf`, `psql -c`). */
const ARGS_ONLY: CliTool = {};

export const CLI_TOOLS: ReadonlyMap<string, CliTool> = new Map<string, CliTool>([
  ['kubectl', kubectl],
  ['oc', kubectl],
  ['terraform', terraform],
  ['tofu', terraform],
  ['terragrunt', terraform],
  [
    'helm',
    {
      subcommands: [...HELM_WRITE, 'template', 'list', 'status', 'history', 'get', 'diff', 'test'],
      mutating: HELM_WRITE,
    },
  ],
  [
    'pulumi',
    {
      subcommands: ['up', 'destroy', 'refresh', 'import', 'cancel', 'preview', 'stack'],
      mutating: ['up', 'destroy'],
    },
  ],
  ['aws', { subcommands: AWS_SERVICES }],
  ['gcloud', { subcommands: GCLOUD_GROUPS }],
  ['gsutil', { subcommands: ['rm', 'cp', 'mv', 'rsync', 'acl', 'iam', 'mb', 'rb'], mutating: ['rm', 'rb'] }],
  ['az', { subcommands: AZ_GROUPS }],
  [
    'docker',
    {
      subcommands: [
        ...DOCKER_WRITE,
        'pull',
        'compose',
        'volume',
        'network',
        'image',
        'container',
        'build',
        'tag',
        'login',
      ],
      mutating: DOCKER_WRITE,
    },
  ],
  ['podman', { subcommands: [...DOCKER_WRITE, 'pull', 'build', 'tag'], mutating: DOCKER_WRITE }],
  [
    'docker-compose',
    {
      subcommands: ['up', 'down', 'restart', 'rm', 'stop', 'pull', 'exec', 'run'],
      mutating: ['up', 'down', 'rm'],
    },
  ],
  ['ansible-playbook', ARGS_ONLY],
  ['ansible', ARGS_ONLY],
  ['systemctl', { subcommands: [...SYSTEMCTL_WRITE, 'status'], mutating: SYSTEMCTL_WRITE }],
  ['psql', ARGS_ONLY],
  ['mysql', ARGS_ONLY],
  ['mongosh', ARGS_ONLY],
  ['mongo', ARGS_ONLY],
  ['redis-cli', ARGS_ONLY],
  ['sqlcmd', ARGS_ONLY],
  ['cqlsh', ARGS_ONLY],
  [
    'git',
    {
      subcommands: [
        'push',
        'reset',
        'rebase',
        'merge',
        'tag',
        'clean',
        'checkout',
        'revert',
        'cherry-pick',
        'commit',
      ],
      mutating: ['push', 'reset', 'clean', 'rebase'],
      weak: true,
    },
  ],
  ['npm', { subcommands: [...PUBLISH, 'install', 'run', 'exec', 'ci'], mutating: PUBLISH, weak: true }],
  ['yarn', { subcommands: [...PUBLISH, 'install', 'run'], mutating: PUBLISH, weak: true }],
  ['pnpm', { subcommands: [...PUBLISH, 'install', 'run', 'exec'], mutating: PUBLISH, weak: true }],
  ['argocd', { subcommands: ['app', 'login', 'cluster', 'proj', 'repo', 'account'] }],
  [
    'vault',
    {
      subcommands: [
        'write',
        'read',
        'kv',
        'delete',
        'login',
        'token',
        'secrets',
        'policy',
        'auth',
        'operator',
      ],
      mutating: ['write', 'delete', 'operator'],
    },
  ],
  ['flyway', { subcommands: [...MIGRATION_WRITE, 'info', 'validate'], mutating: MIGRATION_WRITE }],
  ['liquibase', { subcommands: [...MIGRATION_WRITE, 'status', 'validate'], mutating: MIGRATION_WRITE }],
  ['eksctl', { subcommands: ['create', 'delete', 'upgrade', 'scale', 'get', 'utils'] }],
  ['istioctl', { subcommands: ['install', 'upgrade', 'uninstall', 'x', 'proxy-config', 'analyze'] }],
  [
    'cdk',
    { subcommands: ['deploy', 'destroy', 'bootstrap', 'diff', 'synth'], mutating: ['deploy', 'destroy'] },
  ],
  ['sam', { subcommands: ['deploy', 'delete', 'sync'], mutating: ['deploy', 'delete', 'sync'] }],
  [
    'serverless',
    { subcommands: ['deploy', 'remove', 'rollback'], mutating: ['deploy', 'remove', 'rollback'] },
  ],
  [
    'heroku',
    { subcommands: ['run', 'ps:scale', 'releases:rollback', 'config:set', 'pg:reset', 'maintenance:on'] },
  ],
  ['flyctl', { subcommands: ['deploy', 'scale', 'secrets', 'apps', 'machine'] }],
  ['gh', { subcommands: ['release', 'pr', 'workflow', 'secret', 'repo', 'api'], weak: true }],
  ['make', { subcommands: ['deploy', 'release', 'publish', 'migrate', 'rollback', 'destroy'], weak: true }],
  ['rm', ARGS_ONLY],
  ['chmod', ARGS_ONLY],
  ['chown', ARGS_ONLY],
  ['curl', ARGS_ONLY],
  ['wget', ARGS_ONLY],
  ['ssh', ARGS_ONLY],
  ['scp', ARGS_ONLY],
  ['rsync', ARGS_ONLY],
  ['sudo', { weak: true }],
  ['bash', { weak: true }],
  ['sh', { weak: true }],
  ['zsh', { weak: true }],
  ['pwsh', { weak: true }],
  ['powershell', { weak: true }],
  ['python', { weak: true }],
  ['python3', { weak: true }],
  ['node', { weak: true }],
  ['kill', ARGS_ONLY],
  ['pkill', ARGS_ONLY],
  ['killall', ARGS_ONLY],
  ['iptables', ARGS_ONLY],
  ['mkfs', ARGS_ONLY],
  ['dd', ARGS_ONLY],
  ['shutdown', ARGS_ONLY],
  ['reboot', { weak: true }],
  ['crontab', ARGS_ONLY],
  ['nc', ARGS_ONLY],
]);
