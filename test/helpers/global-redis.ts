import type { TestProject } from 'vitest/node';
import { startTestRedis } from './start-redis.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const redis = await startTestRedis();
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.stop();
  };
}
