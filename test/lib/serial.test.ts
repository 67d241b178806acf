import { describe, expect, it } from 'vitest';
import { KeyedSerial } from '../../src/lib/serial.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('KeyedSerial', () => {
  it('runs work for one key one at a time, in call order; other keys run alongside', async () => {
    const serial = new KeyedSerial();
    const log: string[] = [];
    const job = (key: string, name: string) =>
      serial.run(key, async () => {
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        return name;
      });
    const results = await Promise.all([job('a', 'a1'), job('a', 'a2'), job('b', 'b1')]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
  });

  it('keeps going after a failure, which only its own caller sees', async () => {
    const serial = new KeyedSerial();
    const failed = serial.run('a', async () => {
      throw new Error('boom');
    });
    const next = serial.run('a', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('ok');
  });
});
