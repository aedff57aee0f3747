/**
 * The engine's one public entry point: UI components, pages, content loaders and the CLI import
 * only this file. Everything here is total on user input (diagnostics, never exceptions).
 */
import './kinds.ts';

export type * from './model/types.ts';
export type * from './model/verdict.ts';
export type * from './model/l7.ts';
export type { Policy } from './model/policy.ts';
export type { SourceDoc, FieldPath, PathSegment } from './model/source.ts';
export type { ParseOptions, ParsedManifests } from './parse/manifests.ts';
export type { LoadedPolicies } from './parse/policies.ts';
export type { PolicyKindHandler, CompileContext, LintContext } from './parse/registry.ts';
export type { EngineOptions, PodView, ExternalView, EndpointView, EndpointRole } from './model/endpoint.ts';
export type { PolicyTarget, DirectionQuery, TargetRule, PeerTest, PortTest } from './model/target.ts';
export type { Analysis, EndpointClass } from './evaluate/analysis.ts';
export type { AnalysisHandle } from './evaluate/analyze.ts';
export type { Matrix } from './evaluate/matrix.ts';
export type { EndpointUnit, Reach, Resolved, UnitMatrix } from './evaluate/units.ts';
export type { Explanation, ExplanationLine, ExplanationSection } from './explain/explain.ts';
export type { FieldSpec } from './validate/field-spec.ts';

export { PROTOCOLS } from './model/types.ts';
export { parseManifests } from './parse/manifests.ts';
export { findBareBraces, findHelmAction, helmDiagnostic } from './parse/helm.ts';
export type { TemplateAt } from './parse/helm.ts';
export { classifyObject } from './parse/object-kinds.ts';
export type { ObjectClass } from './parse/object-kinds.ts';
export { summaryLine } from './parse/cluster.ts';
export { loadCluster, loadClusterDocuments, NAMESPACE_NAME_LABEL } from './parse/cluster.ts';
export { loadPolicies, loadPolicyDocuments } from './parse/policies.ts';
export { registerPolicyKind, findPolicyKind } from './parse/registry.ts';
export { analyze } from './evaluate/analyze.ts';
export { DEFAULT_OPTIONS } from './evaluate/analysis.ts';
export { evaluateFlow } from './evaluate/flow.ts';
export { describeEndpoint, endpointSummary } from './evaluate/details.ts';
export type { EndpointDetails } from './evaluate/details.ts';
export { evaluateMatrix, diffMatrices, renderMatrix } from './evaluate/matrix.ts';
export { explainFlow, explanationLines, renderExplanation } from './explain/explain.ts';
export { summarizeFlow } from './explain/summary.ts';
export { requestText } from './explain/http-words.ts';
export { lintPolicies } from './evaluate/lint.ts';
export { walkFields } from './validate/field-spec.ts';
export { DiagnosticSink } from './model/diagnostic.ts';
export { formatDiagnostic } from './explain/diagnostics.ts';
export {
  encodeShareState,
  decodeShareState,
  MAX_LINK_CHARS,
  MAX_STATE_BYTES,
  MAX_SHARED_POLICIES_CHARS,
  MAX_SHARED_CLUSTER_CHARS,
  MAX_SHARED_TRAFFIC_CHARS,
  encodeStateFile,
  decodeStateFile,
} from './share/index.ts';
export type { ShareState, ShareDecodeResult, ShareFailure, StateFileResult } from './share/index.ts';
export { challengeSchema, courseChallengeSchema } from './schema/challenge.ts';
export type { Challenge, Goal, Constraints } from './schema/challenge.ts';
export * from './challenge/index.ts';
export { exportRealCluster, TEST_SERVER_IMAGE } from './export/real-cluster.ts';
export type {
  ExportFile,
  ProbeFlow,
  SkippedFlow,
  RealClusterExport,
  RealClusterInput,
} from './export/real-cluster.ts';
export { policiesFile } from './export/policies-file.ts';
export type { LeftOutObject, PoliciesFile } from './export/policies-file.ts';
export {
  encodeWorkshop,
  decodeWorkshop,
  workshopId,
  exerciseKey,
  workshopSchema,
  MAX_WORKSHOP_LINK_CHARS,
} from './workshop/workshop.ts';
export type { Workshop, Exercise, WorkshopEncodeResult, WorkshopDecodeResult } from './workshop/workshop.ts';
export {
  encodeProgress,
  decodeProgress,
  buildClassView,
  normalizeLearner,
  MAX_CLASS_CODES,
  MAX_PROGRESS_CODE_CHARS,
} from './workshop/progress.ts';
export type {
  ExerciseStatus,
  ProgressReport,
  ProgressDecodeResult,
  ClassRow,
  ClassView,
  ClassViewOptions,
} from './workshop/progress.ts';
export {
  addObject,
  removeObject,
  setLabels,
  setExternal,
  EXTERNAL_ENTITIES,
  parseLabelList,
  formatLabelList,
} from './scenario/edit.ts';
export type { ScenarioObject, ObjectKey, ExternalSpec } from './scenario/edit.ts';
export { renameObject, moveToNamespace, followRenames } from './scenario/rename.ts';
export type { Renamed } from './scenario/rename.ts';
export { editPodPorts } from './scenario/ports.ts';
export type { PortInput, PortEdit } from './scenario/ports.ts';
export { allowFlow, blockFlow, isolatePod, describeChanges, selectPod } from './author/index.ts';
export type {
  AuthorEdit,
  AuthorInput,
  AuthorStep,
  IsolateDirection,
  PolicyFormat,
  PolicyKey,
} from './author/index.ts';
export { convertPolicies } from './convert/index.ts';
export type { Conversion, ConversionProof, KeptPolicy, Untranslatable } from './convert/index.ts';
export * from './traffic/index.ts';
export {
  summarizeExposure,
  describeExposure,
  describeOpenRule,
  exposureTitle,
  renderExposure,
} from './exposure/index.ts';
export type { ApiServerConnection, Exposure, ExposureItem, OpenPeer, OpenRule } from './exposure/index.ts';
