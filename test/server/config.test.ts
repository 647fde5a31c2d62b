import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/server/config.js';

/** Development mode, which needs no key: the other settings are read the same way. */
const DEV = { WE_DEV_TOKENS: 'true' };

test('loadConfig() applies the documented defaults', () => {
  const config = loadConfig({ ...DEV }, '/pkg');
  assert.equal(config.port, 8080);
  assert.equal(config.rtcListenIp, '127.0.0.1');
  assert.equal(config.devTokens, true);
  assert.ok(config.workers >= 1);
  assert.ok(config.dataDir.endsWith('/data'));
  assert.ok((config.jwtSecret ?? '').length >= 32, 'development mode generates a secret');
});

test('loadConfig() turns development tokens off in production and requires a key', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }, '/pkg'), ConfigError);
  const config = loadConfig({ NODE_ENV: 'production', WE_JWT_SECRET: 's'.repeat(32) }, '/pkg');
  assert.equal(config.devTokens, false);
});

test('loadConfig() keeps development tokens off unless asked, and never beside a real key or in production', () => {
  assert.throws(() => loadConfig({}, '/pkg'), /WE_DEV_TOKENS=true or --dev/);
  assert.equal(loadConfig({ WE_JWT_SECRET: 's'.repeat(32) }, '/pkg').devTokens, false);
  assert.throws(() => loadConfig({ ...DEV, WE_JWT_SECRET: 's'.repeat(32) }, '/pkg'), /cannot run with WE_JWT_SECRET/);
  assert.throws(() => loadConfig({ ...DEV, WE_JWKS_URL: 'https://idp.example/jwks' }, '/pkg'), /cannot run with WE_JWT_SECRET or WE_JWKS_URL/);
  assert.throws(() => loadConfig({ ...DEV, NODE_ENV: 'production' }, '/pkg'), /NODE_ENV=production/);
});

test('loadConfig() rejects bad values with ConfigError', () => {
  assert.throws(() => loadConfig({ ...DEV, PORT: 'eighty' }, '/pkg'), ConfigError);
  assert.throws(() => loadConfig({ ...DEV, PORT: '70000' }, '/pkg'), ConfigError);
  assert.throws(() => loadConfig({ ...DEV, WE_WORKERS: '0' }, '/pkg'), ConfigError);
  assert.throws(() => loadConfig({ WE_JWT_SECRET: 'short' }, '/pkg'), ConfigError);
  assert.throws(() => loadConfig({ ...DEV, WE_DEV_TOKENS: 'maybe' }, '/pkg'), ConfigError);
  assert.throws(() => loadConfig({ WE_JWKS_URL: 'ftp://x' }, '/pkg'), ConfigError);
});

test('loadConfig() reads the privacy-policy version, URL and age gate', () => {
  const config = loadConfig({ ...DEV, WE_POLICY_VERSION: '2026-11', WE_POLICY_URL: 'https://example.com/privacy', WE_AGE_GATE: 'true' }, '/pkg');
  assert.equal(config.policyVersion, '2026-11');
  assert.equal(config.policyUrl, 'https://example.com/privacy');
  assert.equal(config.ageGate, true);
  assert.throws(() => loadConfig({ ...DEV, WE_POLICY_VERSION: '1' }, '/pkg'), ConfigError);
  assert.throws(() => loadConfig({ ...DEV, WE_POLICY_VERSION: '<b>', WE_POLICY_URL: 'https://x' }, '/pkg'), ConfigError);
  assert.throws(() => loadConfig({ ...DEV, WE_POLICY_VERSION: '1', WE_POLICY_URL: 'javascript:alert(1)' }, '/pkg'), ConfigError);
});

test('loadConfig() reads the allowed origins: any by default, else a list of origins', () => {
  assert.equal(loadConfig({ ...DEV }, '/pkg').allowedOrigins, '*');
  assert.equal(loadConfig({ ...DEV, WE_ALLOWED_ORIGINS: '*' }, '/pkg').allowedOrigins, '*');
  assert.deepEqual(loadConfig({ ...DEV, WE_ALLOWED_ORIGINS: 'https://App.example.com, http://localhost:5173' }, '/pkg').allowedOrigins, [
    'https://app.example.com',
    'http://localhost:5173',
  ]);
  for (const bad of ['https://app.example.com/', 'https://app.example.com/path', 'ftp://files.example.com', 'app.example.com', 'null', '*, https://a.example.com']) {
    assert.throws(() => loadConfig({ ...DEV, WE_ALLOWED_ORIGINS: bad }, '/pkg'), ConfigError, bad);
  }
});
