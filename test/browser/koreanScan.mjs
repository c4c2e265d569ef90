// The browser tier's check that a page rendered in Korean left no English sentence behind: the
// page's visible text, with the technical terms the lecture keeps in English removed, must hold
// no run of three or more English words. Shared by every app's Korean test.

/**
 * Words the lecture (and the Korean catalogues) keep in English: layer and API names, the
 * optimizers, the activations, the units. Compared case-insensitively, whole words only.
 */
export const TECHNICAL_TERMS = [
  'ReLU', 'Leaky', 'LeakyReLU', 'PReLU', 'ELU', 'SELU', 'GELU', 'Maxout', 'sigmoid', 'tanh', 'softmax', 'swish',
  'Xavier', 'Glorot', 'He', 'Kaiming', 'LeCun', 'uniform', 'normal', 'orthogonal',
  'padding', 'same', 'valid', 'stride', 'kernel', 'filter', 'window', 'dilation', 'channel', 'channels',
  'Conv2D', 'Conv2d', 'conv2d', 'MaxPooling2D', 'MaxPool2d', 'maxpool2d', 'AveragePooling2D', 'AvgPool2d', 'avgpool2d',
  'ZeroPadding2D', 'zeropad2d', 'Dense', 'dense', 'Linear', 'Flatten', 'flatten', 'Dropout', 'dropout',
  'BatchNormalization', 'batchnorm', 'BatchNorm2d', 'batch', 'epoch', 'epochs', 'step', 'steps',
  'SGD', 'momentum', 'Nesterov', 'AdaGrad', 'RMSprop', 'Adam', 'Adadelta', 'Adamax',
  'Keras', 'PyTorch', 'TensorFlow', 'TF.js', 'WebGL', 'WASM', 'CPU', 'GPU', 'SIMD', 'SwiftShader',
  'MNIST', 'CIFAR', 'CIFAR-10', 'AlexNet', 'netspec', 'NetLens', 'Colab',
  'loss', 'accuracy', 'learning', 'rate', 'lr', 'F_eff', 'Space',
];

const TERMS = new Set(TECHNICAL_TERMS.map((w) => w.toLowerCase()));

/** Runs of 3+ English words (terms removed) in `text`, with a little context, for the failure message. */
export function englishRuns(text) {
  const runs = [];
  for (const line of text.split(/\n+/)) {
    // Words of letters only; anything else (Hangul, digits, symbols, code) breaks a run.
    const tokens = line.split(/([A-Za-z][A-Za-z'’-]*)/);
    let run = [];
    const flush = () => {
      if (run.length >= 3) runs.push(run.join(' '));
      run = [];
    };
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i];
      if (i % 2 === 1) {
        if (TERMS.has(tok.toLowerCase())) flush();
        else run.push(tok);
      } else if (!/^[\s,]*$/.test(tok)) {
        flush();
      }
    }
    flush();
  }
  return runs;
}

/** The page's visible text (what a student reads: inner text, titles and aria labels aside). */
export async function visibleText(page, selector = 'body') {
  return page.$eval(selector, (el) => el.innerText);
}

export const HANGUL = /[\uac00-\ud7a3]/;
