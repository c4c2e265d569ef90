/** The Python reader: models in .py files and notebook cells, without running Python. */
export { analyzePython } from './reader';
export type { PythonOptions } from './reader';
export { importsFramework, tokenize } from './tokens';
export { torchShape } from './torch';
export type { TorchConfig } from './torch';
export * from './types';
export { channelsLast, torchTrainSpec } from './torchTrain';
export type { TorchTrainLayer, TorchTrainSpec } from './torchTrain';
export { torchWindow } from './convAxes';
export type { NoTorchWindow, TorchWindow, TorchWindowAxis } from './convAxes';
