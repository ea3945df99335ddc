/** A seed (file, option or `POST /__sim/seed` body) that cannot be applied; the message says where and why. */
export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedError';
  }
}
