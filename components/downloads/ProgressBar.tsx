import { percent } from '../../lib/ui/format';

/** A native <progress>: screen readers announce it, and it needs no script to draw. */
export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  return <progress class="progress" max={100} value={percent(done, total)} aria-label={label} />;
}
