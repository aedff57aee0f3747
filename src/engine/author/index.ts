/**
 * Authoring from the picture: least-privilege text edits of a policies file (allow a connection, block
 * one, isolate a pod), each proven by comparing the engine's verdicts before and after.
 */
export { allowFlow } from './allow.ts';
export { blockFlow } from './block.ts';
export { isolatePod } from './isolate.ts';
export { describeChanges } from './prove.ts';
export { selectPod } from './selectors.ts';
export type { AuthorEdit, AuthorInput, AuthorStep, IsolateDirection, PolicyFormat } from './model.ts';
export type { PolicyKey } from './text.ts';
