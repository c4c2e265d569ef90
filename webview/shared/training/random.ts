// The seeded generator lives in webview/shared/random.ts (the activation race draws its toy set
// and initial weights with it too); the trainer, the export tests and scripts/build-data.mjs import it from here.
export { gaussian, mulberry32, permutation } from '../random';
