// The drifted account lives with the benchmark that measures the same scan.
export * from '../../bench/lib/drift-account.js';
