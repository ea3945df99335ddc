export { createSimulator, type Simulator } from './simulator.js';
export type { SimulatorOptions } from './options.js';
export { seedSchema, type SeedData } from './seed/seed-schema.js';
export { loadSeedFile } from './seed/load-seed-file.js';
export { SeedError } from './seed/seed-error.js';
