// Why the search's trials run on their backend (webview/shared/training/backendReason.ts
// explainStartedBackend): the Train panel's sentences, with the backends before the started one
// in the shared order named as the ones that could not start.
import assert from 'node:assert/strict';
import { sayIn } from '../../../../../src/core/i18n';
import { autoBackendOrder, describeGpu } from '../../../../../webview/shared/gpu';
import { explainStartedBackend } from '../../../../../webview/shared/training/backendReason';

const en = sayIn('en');
const ko = sayIn('ko');
const nvidia = describeGpu('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', en);
const swiftshader = describeGpu('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', en);
const none = describeGpu(undefined, en);

describe('the search engine’s backend, and why', () => {
  it('first in the order: the GPU for WebGL on a real GPU, WASM where WebGL is emulated, nothing tried first', () => {
    const webgl = explainStartedBackend('webgl', autoBackendOrder(nvidia), nvidia, en);
    assert.match(webgl, /^webgl: WebGL runs on the GPU .*in parallel/);
    assert.doesNotMatch(webgl, /Tried first/);
    const wasm = explainStartedBackend('wasm', autoBackendOrder(swiftshader), swiftshader, en);
    assert.match(wasm, /^wasm: There is no real GPU here: WebGL is a CPU emulation .*faster than the plain CPU backend\.$/);
  });

  it('later in the order: the ones before it could not start, and no "small dense model" claim', () => {
    const wasm = explainStartedBackend('wasm', autoBackendOrder(nvidia), nvidia, en);
    assert.match(wasm, /^wasm: .* Tried first: WebGL could not start/);
    assert.doesNotMatch(wasm, /dense/);
    const cpu = explainStartedBackend('cpu', autoBackendOrder(none), none, en);
    assert.match(cpu, /^cpu: the plain JavaScript backend.* Tried first: WebAssembly could not start/);
    assert.doesNotMatch(cpu, /WebGL could not start/, 'WebGL was not in the order without WebGL');
    const emulatedWebgl = explainStartedBackend('webgl', autoBackendOrder(swiftshader), swiftshader, en);
    assert.match(emulatedWebgl, /^webgl: .*Emulated WebGL .* Tried first: WebAssembly could not start/);
  });

  it('speaks Korean from the Train panel’s catalogue', () => {
    const gpuKo = describeGpu(undefined, ko);
    const cpu = explainStartedBackend('cpu', ['wasm', 'cpu'], gpuKo, ko);
    assert.match(cpu, /^cpu: .*[\uac00-\ud7a3]/);
    assert.ok(cpu.endsWith(ko('train.backend.triedFirst', { failures: ko('train.backend.wasmFailed') })));
  });
});
