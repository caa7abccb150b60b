import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMobizon, type MobizonStandIn } from '@tilshi/testing/mobizon';
import { createLogSms, createMobizonSms, SmsDeliveryError } from './sms.ts';

let mobizon: MobizonStandIn;
beforeAll(async () => {
  mobizon = await startMobizon();
});
afterAll(() => mobizon.stop());

describe('the Mobizon sender', () => {
  it('posts the recipient without "+", the text and the sender name to the gateway', async () => {
    await createMobizonSms({ apiKey: mobizon.apiKey, apiUrl: mobizon.url, from: 'TILSHI' }).send({
      to: '+77011234567',
      text: '123456 — код',
    });
    expect(mobizon.messages.at(-1)).toEqual({ recipient: '77011234567', text: '123456 — код', from: 'TILSHI' });
  });

  it('fails with a message naming the gateway’s refusal, without the number, when the key is wrong', async () => {
    const sent = createMobizonSms({ apiKey: 'y'.repeat(40), apiUrl: mobizon.url }).send({ to: '+77011234567', text: 'код' });
    await expect(sent).rejects.toThrow(SmsDeliveryError);
    await expect(sent).rejects.toThrow(/code 8 .*MOBIZON_API_KEY/);
    await expect(sent).rejects.not.toThrow(/7011234567/);
  });

  it('fails when the gateway answers an error page or cannot be reached', async () => {
    mobizon.failNext(1);
    await expect(
      createMobizonSms({ apiKey: mobizon.apiKey, apiUrl: mobizon.url }).send({ to: '+77011234567', text: 'код' }),
    ).rejects.toThrow(/HTTP 503/);
    await expect(
      createMobizonSms({ apiKey: mobizon.apiKey, apiUrl: 'http://127.0.0.1:9', timeoutMs: 2000 }).send({ to: '+77011234567', text: 'код' }),
    ).rejects.toThrow(/connection failed/);
  });
});

describe('the log sender', () => {
  it('writes the text with the number masked to its last two digits', async () => {
    const lines: string[] = [];
    await createLogSms((line) => lines.push(line)).send({ to: '+77011234567', text: '654321 — код' });
    expect(lines).toEqual(['[comments] SMS to +7 *** *** ** 67: 654321 — код']);
  });
});
