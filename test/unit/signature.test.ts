import { describe, expect, it } from 'vitest';
import { deriveEventSecret, sign, verify } from '../../src/http/signature.js';

const body = Buffer.from('{"contact":{"id":1,"sourceURL":"https:\\/\\/x.systeme.io"}}');

describe('sign', () => {
  it('is the lowercase hex HMAC-SHA256 of the raw bytes', () => {
    // Known answer computed independently: printf '%s' "$body" | openssl dgst -sha256 -hmac key
    expect(sign('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
    expect(sign('s', body)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('verify', () => {
  it('accepts the signature of any configured secret and says which one matched', () => {
    expect(verify(body, sign('new', body), ['new', 'old'])).toEqual({ ok: true, secretIndex: 0 });
    expect(verify(body, sign('old', body), ['new', 'old'])).toEqual({ ok: true, secretIndex: 1 });
  });

  it('accepts upper-case hex', () => {
    expect(verify(body, sign('s', body).toUpperCase(), ['s'])).toMatchObject({ ok: true });
  });

  it('refuses a missing, empty, wrong-length, prefixed or non-hex signature', () => {
    const good = sign('s', body);
    expect(verify(body, undefined, ['s'])).toEqual({ ok: false, reason: 'missing-signature' });
    expect(verify(body, '', ['s'])).toEqual({ ok: false, reason: 'missing-signature' });
    expect(verify(body, good.slice(1), ['s'])).toEqual({ ok: false, reason: 'malformed-signature' });
    expect(verify(body, `${good}00`, ['s'])).toEqual({ ok: false, reason: 'malformed-signature' });
    expect(verify(body, `sha256=${good}`, ['s'])).toEqual({ ok: false, reason: 'malformed-signature' });
    expect(verify(body, 'z'.repeat(64), ['s'])).toEqual({ ok: false, reason: 'malformed-signature' });
  });

  it('refuses a signature over other bytes, even the same JSON re-serialised', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString())));
    expect(verify(reserialised, sign('s', body), ['s'])).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify(body, sign('other', body), ['s'])).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses everything when no secret is configured', () => {
    expect(verify(body, sign('', body), [])).toEqual({ ok: false, reason: 'no-secret' });
  });
});

describe('deriveEventSecret', () => {
  it('gives each event type its own secret from one master secret', () => {
    const sale = deriveEventSecret('master', 'SALE_NEW');
    expect(sale).toBe(sign('master', 'systeme-hooks:SALE_NEW'));
    expect(deriveEventSecret('master', 'SALE_CANCELED')).not.toBe(sale);
  });
});
