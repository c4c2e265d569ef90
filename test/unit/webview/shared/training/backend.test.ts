// The Train panel's backend order and wording (webview/shared/training/backend.ts, webview/shared/gpu.ts)
// and TF.js's errors in a student's words (webview/shared/training/backendErrors.ts).
import assert from 'node:assert/strict';
import { sayIn } from '../../../../../src/core/i18n';
import { describeGpu as describeGpuIn } from '../../../../../webview/shared/gpu';
import { explainChoice, trainBackendOrder } from '../../../../../webview/shared/training/backend';
import { explainTrainError } from '../../../../../webview/shared/training/backendErrors';

const describeGpu = (renderer: string | undefined) => describeGpuIn(renderer, sayIn('en'));
const nvidia = describeGpu('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)');
const swiftshader = describeGpu('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)');
const none = describeGpu(undefined);

describe('train backend: one GPU detection, auto order, reasons', () => {
  it('never calls a software renderer a GPU', () => {
    assert.equal(nvidia.kind, 'gpu');
    assert.match(nvidia.label, /^GPU: ANGLE \(NVIDIA/);
    for (const info of [swiftshader, describeGpu('llvmpipe (LLVM 15.0.6, 256 bits)'), describeGpu('Microsoft Basic Render Driver')]) {
      assert.equal(info.kind, 'emulated');
      assert.doesNotMatch(info.label, /^GPU:/);
      assert.match(info.sentence, /no real GPU here/);
    }
    assert.equal(none.kind, 'none');
    assert.match(none.sentence, /no WebGL/);
  });

  it('auto: WebGL on a real GPU, WASM where WebGL is emulated or missing, CPU last', () => {
    assert.deepEqual(trainBackendOrder('auto', nvidia, false), ['webgl', 'wasm', 'cpu']);
    assert.deepEqual(trainBackendOrder('auto', swiftshader, false), ['wasm', 'webgl', 'cpu']);
    assert.deepEqual(trainBackendOrder('auto', swiftshader, true), ['wasm', 'webgl', 'cpu']);
    assert.deepEqual(trainBackendOrder('auto', none, false), ['wasm', 'cpu']);
    // A small dense-only model: WASM's per-operation cost beats WebGL's even on a GPU.
    assert.deepEqual(trainBackendOrder('auto', nvidia, true), ['wasm', 'webgl', 'cpu']);
  });

  it('netlens.train.backend forces one, auto\'s order behind it', () => {
    assert.deepEqual(trainBackendOrder('webgl', swiftshader, false), ['webgl', 'wasm', 'cpu']);
    assert.deepEqual(trainBackendOrder('cpu', nvidia, false), ['cpu', 'webgl', 'wasm']);
    assert.deepEqual(trainBackendOrder('webgl', none, false), ['webgl', 'wasm', 'cpu']);
  });

  it('says why, and does not praise the GPU on an emulation', () => {
    const ok = [{ name: 'wasm' as const, ok: true, reason: 'ok' }];
    const onEmulation = explainChoice('wasm', 'auto', false, swiftshader, ok);
    assert.match(onEmulation, /^wasm: There is no real GPU here: WebGL is a CPU emulation \(ANGLE .*SwiftShader/);
    assert.doesNotMatch(onEmulation, /GPU runs the arithmetic/);
    assert.match(explainChoice('webgl', 'auto', false, nvidia, [{ name: 'webgl', ok: true, reason: 'ok' }]), /^webgl: WebGL runs on the GPU .* fastest way to train convolutions/);
    const fell = explainChoice('cpu', 'auto', false, none, [{ name: 'wasm', ok: false, reason: 'WebAssembly could not start' }, { name: 'cpu', ok: true, reason: 'ok' }]);
    assert.match(fell, /^cpu: .*Tried first: WebAssembly could not start\./);
    assert.match(explainChoice('webgl', 'webgl', false, swiftshader, []), /chosen in the setting netlens.train.backend/);
  });

  it('says the same reasons in Korean, with the backends\' names, the setting and the failures kept', () => {
    const ko = sayIn('ko');
    const gpuKo = describeGpuIn(undefined, ko);
    const fell = explainChoice('cpu', 'auto', false, gpuKo, [{ name: 'wasm', ok: false, reason: ko('train.backend.wasmFailed') }, { name: 'cpu', ok: true, reason: 'ok' }], ko);
    assert.match(fell, /^cpu: 일반 JavaScript backend로, 가장 느리지만/);
    assert.ok(fell.includes(` 먼저 시도한 것: ${ko('train.backend.wasmFailed')}.`), fell);
    assert.match(explainChoice('webgl', 'webgl', false, gpuKo, [], ko), /^webgl: 설정 netlens\.train\.backend에서 골랐습니다/);
    assert.match(explainChoice('cpu', 'wasm', false, gpuKo, [{ name: 'wasm', ok: false, reason: 'x' }], ko), /^cpu: 설정 netlens\.train\.backend는 wasm를 요청하지만.* 먼저 시도한 것: x\.$/);
    const conv = explainChoice('webgl', 'auto', false, nvidia, [], ko);
    assert.match(conv, /합성곱을 가장 빠르게/);
    assert.ok(conv.includes(nvidia.sentence), 'the GPU\'s sentence it is given is kept whole');
    for (const text of [fell, conv]) assert.doesNotMatch(text, /⟦/);
  });

  it('turns TF.js errors into sentences a student understands', () => {
    const missing = explainTrainError('wasm', "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'");
    assert.equal(missing, 'WebAssembly on the CPU cannot train this model: TF.js has no Conv2DBackpropFilter operation there (a gradient that training needs).');
    assert.doesNotMatch(missing, /not registered/);
    assert.match(explainTrainError('cpu', 'Error in conv2dDerInput: dilation rates greater than 1 are not yet supported in gradients. Got dilations 2'), /dilated convolution .* activation such as relu/);
    assert.match(explainTrainError('webgl', 'Failed to compile fragment shader.'), /GPU driver \(or its emulation\) stopped answering/);
    assert.match(explainTrainError('wasm', 'Aborted(OOM)'), /ran out of memory .* smaller batch size/);
    const other = explainTrainError('cpu', `Something odd\n${'x'.repeat(500)}`);
    assert.match(other, /^the plain JavaScript CPU backend cannot train this model: TF.js stopped with an error \(Something odd\)\.$/);
  });
});
