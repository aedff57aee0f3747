import { exerciseKey, type Exercise, type ExerciseStatus } from '../../engine/index.ts';
import { readProgress } from '../sandbox/progress.ts';
import type { SafeStorage } from '../sandbox/storage.ts';

/** The challenge id a workshop exercise is saved and recorded under (distinct from the course's own). */
export function workshopChallengeId(workshop: string, exercise: Exercise): string {
  return `workshop-${workshop}/${exerciseKey(exercise)}`;
}

/** The learner's status on every exercise of a workshop, from the progress the sandboxes record. */
export function workshopStatuses(
  storage: SafeStorage,
  workshop: string,
  exercises: readonly Exercise[],
): ExerciseStatus[] {
  const { challenges } = readProgress(storage);
  return exercises.map((exercise) => {
    const status = challenges[workshopChallengeId(workshop, exercise)];
    return status === 'solved' ? 'solved' : status === 'solved-with-help' ? 'help' : 'open';
  });
}

/** Words for a status, for lists and the class table (never colour alone). */
export const STATUS_WORDS: Record<ExerciseStatus, string> = {
  solved: 'Solved',
  help: 'Solved with help',
  open: 'Not solved yet',
};
