import { rmSync } from 'node:fs';
import { baseImages, compose, figuresFile, IMAGE, readFigures, recordFigure, run } from './docker.js';

/**
 * One Docker engine, the base images and the project's image for the whole docker suite.
 * The engine is started only when none answers, and stopped again only if this run started it.
 */
export default async function setup() {
  rmSync(figuresFile, { force: true });
  await run('bash', ['scripts/docker/engine.sh', 'start'], { echo: true });
  let stopped = false;
  const teardown = async () => {
    if (stopped) return;
    stopped = true;
    await compose(['--profile', '*', 'down', '-v', '--remove-orphans'], {}, { allowFail: true });
    const figures = readFigures();
    if (figures.length > 0) {
      process.stdout.write('\nDeployment figures from this run:\n');
      for (const figure of figures) process.stdout.write(`  ${figure.name}: ${figure.value}${figure.unit ? ` ${figure.unit}` : ''}\n`);
    }
    await run('bash', ['scripts/docker/engine.sh', 'stop'], { echo: true, allowFail: true });
  };
  try {
    if (baseImages().node.startsWith('systeme-hooks-base/')) {
      const started = Date.now();
      await run('bash', ['scripts/docker/base-images.sh'], { echo: true });
      recordFigure('base images (Debian + npm registry; 0 when kept from an earlier run)', Math.round((Date.now() - started) / 1000), 's');
    }
    await compose(['--profile', '*', 'down', '-v', '--remove-orphans'], {}, { allowFail: true });
    const started = Date.now();
    const cache = process.env.DOCKER_TEST_CACHE === '1' ? [] : ['--no-cache'];
    await compose(['build', ...cache, 'receiver'], {}, { echo: true });
    recordFigure(`image build (${cache.length > 0 ? 'cold, --no-cache' : 'with cache'})`, Math.round((Date.now() - started) / 1000), 's');
    const size = Number((await run('docker', ['image', 'inspect', '-f', '{{.Size}}', IMAGE])).stdout.trim());
    recordFigure('image size', Math.round(size / 1e6), 'MB');
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
