import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../../server/src/common/config.js';
import { fromRoot } from '../../../server/src/common/paths.js';

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: unknown };
}

const compose = parse(readFileSync(fromRoot('docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const dockerfile = readFileSync(fromRoot('Dockerfile'), 'utf8');

/** Resolves `${NAME:-default}` the way Compose does when NAME is unset. */
function withDefaults(value: string): string {
  return value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
}

describe('docker-compose.yml', () => {
  const { db, app } = compose.services;

  it('runs the app against a PostgreSQL 18 container, both with health checks', () => {
    expect(db?.image).toBe('postgres:18');
    expect(app?.build).toBe('.');
    expect(db?.healthcheck?.test).toBeTruthy();
    expect(app?.healthcheck?.test).toBeTruthy();
    expect(app?.depends_on?.db?.condition).toBe('service_healthy');
  });

  it('sets only variables the server reads, and values it accepts', () => {
    const environment = app?.environment ?? {};
    const known = Object.keys(CONFIG_VARIABLES);
    for (const name of Object.keys(environment)) expect(known, `${name} is not read by config.ts`).toContain(name);
    const resolved = Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, withDefaults(String(v))]));
    const config = loadConfig(resolved, '/app');
    expect(config.databaseUrl).toMatch(/@db:5432\/casebook$/);
    expect(config.nodeEnv).toBe('production');
    expect(config.host).toBe('0.0.0.0');
    expect(config.logFormat).toBe('json');
    expect(config.responseCacheMb).toBe(64);
    expect(config.publicUrl).toBe('http://localhost:4000');
  });

  it('uses the database credentials the db service creates', () => {
    const url = new URL(withDefaults(app?.environment?.DATABASE_URL ?? ''));
    const env = db?.environment ?? {};
    expect(url.username).toBe(env.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(withDefaults(env.POSTGRES_PASSWORD ?? ''));
    expect(url.pathname).toBe(`/${env.POSTGRES_DB}`);
  });
});

describe('Dockerfile', () => {
  it('builds in one stage and runs the compiled server as an unprivileged user in another', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/CMD \["node", "server\/dist\/main.js"\]/);
  });
});
