import type { Say } from '../../src/core/i18n';

/**
 * The GPU's name as the page's WebGL reports it (unmasked where the browser allows), or
 * undefined when the page gets no WebGL context. No TF.js here: the init lab's page uses it too.
 */
export function gpuRenderer(): string | undefined {
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return undefined;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const text = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return text;
  } catch {
    return undefined;
  }
}

/** True for WebGL that a CPU emulates (SwiftShader, llvmpipe, Microsoft's Basic Render Driver). */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
}

/** What is behind the page's WebGL: a real GPU, a CPU emulation of one, or no WebGL at all. */
export type GpuKind = 'gpu' | 'emulated' | 'none';

/** What a renderer string means: no WebGL, a CPU emulation, or a real GPU. */
export function gpuKind(renderer: string | undefined): GpuKind {
  return renderer === undefined ? 'none' : isSoftwareRenderer(renderer) ? 'emulated' : 'gpu';
}

export interface GpuInfo {
  kind: GpuKind;
  /** The renderer string WebGL reports (undefined without WebGL). */
  renderer?: string;
  /** Badge text: "GPU: NVIDIA …" only for a real GPU (in the language of the `say` it was described with). */
  label: string;
  /** One plain sentence for a student: what computes here. */
  sentence: string;
}

/**
 * The one reading of the renderer string that every panel shows (Train, init lab, activation
 * explorer): a software renderer is never called a GPU. The words are `say`'s (the page's `t`;
 * unit tests pass `sayIn('en')`); describe again to render them in another language.
 */
export function describeGpu(renderer: string | undefined, say: Say): GpuInfo {
  const kind = gpuKind(renderer);
  if (renderer === undefined) {
    return { kind: 'none', label: say('webview.gpu.labelNone'), sentence: say('webview.gpu.sentenceNone') };
  }
  if (kind === 'emulated') {
    return { kind: 'emulated', renderer, label: say('webview.gpu.labelEmulated'), sentence: say('webview.gpu.sentenceEmulated', { renderer }) };
  }
  return { kind: 'gpu', renderer, label: say('webview.gpu.labelGpu', { renderer }), sentence: say('webview.gpu.sentenceGpu', { renderer }) };
}

/** This page's renderer, read once (each read creates and drops a WebGL context). */
let detected: { renderer: string | undefined } | undefined;
/** This page's GPU, its words in `say`'s language. */
export function detectGpu(say: Say): GpuInfo {
  detected ??= { renderer: gpuRenderer() };
  return describeGpu(detected.renderer, say);
}

export type TfBackendName = 'webgl' | 'wasm' | 'cpu';

/**
 * The `auto` order for TF.js backends, shared by the Train panel and the init lab: WebGL on a
 * real GPU; where WebGL is missing or a CPU emulation, WASM first (WebAssembly SIMD on the CPU
 * beats emulated WebGL: see the README's "What runs where, and why"); the CPU backend last.
 */
export function autoBackendOrder(gpu: Pick<GpuInfo, 'kind'>): TfBackendName[] {
  switch (gpu.kind) {
    case 'gpu': return ['webgl', 'wasm', 'cpu'];
    case 'emulated': return ['wasm', 'webgl', 'cpu'];
    case 'none': return ['wasm', 'cpu'];
  }
}
