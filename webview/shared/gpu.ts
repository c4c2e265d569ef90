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

export interface GpuInfo {
  kind: GpuKind;
  /** The renderer string WebGL reports (undefined without WebGL). */
  renderer?: string;
  /** Badge text: "GPU: NVIDIA …" only for a real GPU. */
  label: string;
  /** One plain sentence for a student: what computes here. */
  sentence: string;
}

/**
 * The one reading of the renderer string that every panel shows (Train, init lab, activation
 * explorer): a software renderer is never called a GPU.
 */
export function describeGpu(renderer: string | undefined): GpuInfo {
  if (renderer === undefined) {
    return { kind: 'none', label: 'no GPU (no WebGL)', sentence: 'This window gets no WebGL, so there is no GPU to use: TensorFlow.js computes on the CPU.' };
  }
  if (isSoftwareRenderer(renderer)) {
    return {
      kind: 'emulated', renderer, label: 'no GPU (WebGL is a CPU emulation)',
      sentence: `There is no real GPU here: WebGL is a CPU emulation (${renderer}), so everything computes on the CPU, and WebAssembly does that faster than emulated WebGL.`,
    };
  }
  return { kind: 'gpu', renderer, label: `GPU: ${renderer}`, sentence: `WebGL runs on the GPU (${renderer}).` };
}

/** This page's GPU, read once (each read creates and drops a WebGL context). */
let detected: GpuInfo | undefined;
export function detectGpu(): GpuInfo {
  detected ??= describeGpu(gpuRenderer());
  return detected;
}

export type TfBackendName = 'webgl' | 'wasm' | 'cpu';

/**
 * The `auto` order for TF.js backends, shared by the Train panel and the init lab: WebGL on a
 * real GPU; where WebGL is missing or a CPU emulation, WASM first (WebAssembly SIMD on the CPU
 * beats emulated WebGL: see the README's "What runs where, and why"); the CPU backend last.
 */
export function autoBackendOrder(gpu: GpuInfo): TfBackendName[] {
  switch (gpu.kind) {
    case 'gpu': return ['webgl', 'wasm', 'cpu'];
    case 'emulated': return ['wasm', 'webgl', 'cpu'];
    case 'none': return ['wasm', 'cpu'];
  }
}
