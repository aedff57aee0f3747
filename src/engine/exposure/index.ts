/** The exposure summary of a policy set: what is open, and the pods and rules behind each item. */
export { summarizeExposure } from './exposure.ts';
export { describeExposure, describeOpenRule, exposureTitle, renderExposure } from './words.ts';
export type { ApiServerConnection, Exposure, ExposureItem, OpenPeer, OpenRule } from './model.ts';
