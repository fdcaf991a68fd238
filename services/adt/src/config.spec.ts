import { backdatingLimitSetting, defaultBackdatingLimitHours } from './config.js';

describe('the back-dating limit setting', () => {
  it('is 24 hours when the deployment says nothing', () => {
    expect(backdatingLimitSetting.parse(undefined)).toBe(24);
    expect(defaultBackdatingLimitHours).toBe(24);
  });

  it('takes a number of hours, or off to load history without reasons', () => {
    expect(backdatingLimitSetting.parse('72')).toBe(72);
    expect(backdatingLimitSetting.parse('0.5')).toBe(0.5);
    expect(backdatingLimitSetting.parse('off')).toBeNull();
  });

  it('refuses a value that is neither, rather than silently running without a limit', () => {
    for (const bad of ['', '0', '-3', 'none', '24h']) expect(backdatingLimitSetting.safeParse(bad).success).toBe(false);
  });
});
