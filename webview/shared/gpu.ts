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
