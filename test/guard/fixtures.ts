/**
 * Fake but well-formed credentials. They are assembled at run time (prefix + body) so that secret
 * scanners and push protection do not flag this repository's own test files.
 */
const join = (...parts: string[]) => parts.join('');

export const FAKE = {
  awsAccessKeyId: join('AKIA', 'Z7Q4FAKEK3YX9W2M'),
  awsSessionKeyId: join('ASIA', 'Q3FAKE7Z9XW2M4KD'),
  awsSecretKey: join('q8Zr3FaKe', '/Xv2Lp9Tn', 'W7yKd4Bm1Hs', '6Jc0Gu5Ra2N'),
  openaiLegacy: join('sk-', 'FAKE9aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4yZ5aB6c'),
  openaiProject: join('sk-', 'proj-', 'FAKEx1Y2z3A4b5C6d7E8f9G0h1I2j3K4l5M6n7O8p9Q0r_S1t2U3v4-W5x6'),
  anthropic: join(
    'sk-',
    'ant-',
    'api03-',
    'FAKEaB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX2yZ3aB4cD5eF6gH7iJ8kL9mN0oP1qR2sT3uV4wX5-AAA',
  ),
  slackBot: join('xo', 'xb-', '000000000000-000000000000-', 'FAKEfakeFAKEfake00000000'),
  slackUser: join('xo', 'xp-', '000000000000-000000000000-000000000000-', 'fake0fake0fake0fake0fake0fake0fa'),
  slackApp: join('xa', 'pp-', '1-A0000FAKE00-0000000000000-', 'fakefakefakefakefakefakefakefake0000'),
  slackWebhook: join(
    'https://hooks.',
    'slack.com/services/',
    'T00000000/B00000000/',
    'FAKEfakeFAKEfakeFAKEfake',
  ),
  githubClassic: join('gh', 'p_', 'FAKEfake0123456789FAKEfake0123456789'),
  githubShort38: join('gh', 'p_', 'FAKE0123456789fake0123456789FAKE01'),
  githubOauth: join('gh', 'o_', 'FAKEfake0123456789FAKEfake0123456789'),
  githubServer: join('gh', 's_', 'FAKEfake0123456789FAKEfake0123456789'),
  githubFineGrained: join(
    'github',
    '_pat_',
    '11FAKE0000000000000000_fakefakefakefakefakefakefakefakefakefakefakefake',
  ),
  npm: join('np', 'm_', 'FAKEfake0123456789FAKEfake0123456789'),
  google: join('AI', 'za', 'SyFAKE-fake0123456789_FAKEfake012345'),
  stripeLive: join('sk', '_live_', 'FAKEfake0123456789FAKEfake01'),
  stripeRestricted: join('rk', '_live_', 'FAKEfake0123456789FAKEfake01'),
  jwt: join(
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
    '.eyJzdWIiOiJmYWtlLXVzZXIiLCJuYW1lIjoiRmFrZSJ9',
    '.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3RzLW9ubHk',
  ),
  pemBody:
    'MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwEC',
  highEntropy: join('Zx8', 'Qm2Lr7Vt', 'K9pW4sB1nH6dF3jY0cG5'),
  hexSigningSecret: join('8f7d6e5c', '4b3a2918', '0f7e6d5c', '4b3a2918'),
} as const;

export function pem(label: string, body: string, end = true): string {
  const lines = body.match(/.{1,64}/g) ?? [];
  return [`-----BEGIN ${label}-----`, ...lines, ...(end ? [`-----END ${label}-----`] : [])].join('\n');
}
