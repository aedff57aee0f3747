/** Challenge checking (for the sandbox) and challenge proving (for the build and the tests). */
export {
  checkChallenge,
  type ChallengeCheck,
  type GoalResult,
  type ConstraintResult,
  type ConstraintKind,
  type CheckOptions,
} from './check.ts';
export {
  readChallenge,
  proveChallenge,
  isExpectedLint,
  type ChallengeRead,
  type ReadChallengeOptions,
} from './content.ts';
