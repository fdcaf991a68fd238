import { baseConfigSchema, ConfigError, loadConfig } from './config.js';

const good = { SERVICE_NAME: 'adt', PORT: '4001', DATABASE_URL: 'postgres://u@127.0.0.1:5432/ehr' };

describe('service configuration', () => {
  it('reads a good environment with defaults', () => {
    expect(loadConfig(baseConfigSchema, good)).toMatchObject({ PORT: 4001, EVENT_STORE: 'postgres', FACILITY_TIME_ZONE: 'America/New_York', LOG_LEVEL: 'info', HOST: '127.0.0.1' });
  });

  it('names every bad key, why, and the value it got', () => {
    let error: unknown;
    try {
      loadConfig(baseConfigSchema, { ...good, PORT: 'abc', FACILITY_TIME_ZONE: 'Mars/Olympus', KAFKA_BROKERS: 'kafka' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toEqual([
      'PORT must be a number (got "abc")',
      'KAFKA_BROKERS must be host:port[,host:port...] (got "kafka")',
      'FACILITY_TIME_ZONE must be an IANA time zone such as America/New_York (got "Mars/Olympus")',
    ]);
  });

  it('says a missing key is required', () => {
    expect(() => loadConfig(baseConfigSchema, { PORT: '1' })).toThrow(/SERVICE_NAME is required[\s\S]*DATABASE_URL is required/);
  });

  it('needs the EventStoreDB address when that store is chosen', () => {
    expect(() => loadConfig(baseConfigSchema, { ...good, EVENT_STORE: 'eventstoredb' })).toThrow(/EVENTSTOREDB_URL is required when EVENT_STORE=eventstoredb/);
  });
});
