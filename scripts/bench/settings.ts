/** A whole-number setting from the environment, or the fallback; anything else stops the bench with why. */
export function setting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
    process.exit(1);
  }
  return value;
}

/** The port a bench server listens on, from `name`; 0 (the default) takes any free one, so runs side by side do not collide. */
export function portSetting(name: string): number {
  return setting(name, 0, 0, 65535);
}
