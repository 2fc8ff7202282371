// The dev tenant as a library, for the proxy's tests and the benches: start one in-process, or read a fixture.
export { startDevTenant, type DevTenant, type DevTenantOptions } from './server.js';
export { DEFAULT_FIXTURE_PATH, loadFixture, type Fixture, type FixtureUser, type FixtureResourceAccount } from './fixture.js';
export { devTenantSettings, type DevTenantSettings } from './settings.js';
export type { CallObservation } from './calling/observation.js';
