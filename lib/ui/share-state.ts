import { DEAD_STATES, type ShareState } from '../shares/model';

/** Colour family of a state, as badges show it: alive green, needs action amber, dead red, else grey. */
export type StateTone = 'ok' | 'warn' | 'bad' | 'muted';

export function stateTone(state: ShareState): StateTone {
  if (state === 'valid') return 'ok';
  if (state === 'needs-code' || state === 'wrong-code' || state === 'empty') return 'warn';
  if (DEAD_STATES.has(state)) return 'bad';
  return 'muted';
}
