import {
  BookOpen,
  Captions,
  Disc,
  File,
  FileArchive,
  FileImage,
  FileMusic,
  FileSpreadsheet,
  FileText,
  FileVideoCamera,
  Folder,
  type LucideIcon,
  Package,
  Presentation,
} from 'lucide-preact';
import type { EntryKind } from '../../lib/ui/file-icon';

// SVG, not emoji: emoji are empty boxes on a desktop without an emoji font (issue 12). Lucide
// (ISC), imported one icon at a time so only these ship.
const ICONS: Record<EntryKind, LucideIcon> = {
  folder: Folder,
  file: File,
  video: FileVideoCamera,
  audio: FileMusic,
  image: FileImage,
  book: BookOpen,
  doc: FileText,
  sheet: FileSpreadsheet,
  slides: Presentation,
  archive: FileArchive,
  app: Package,
  disc: Disc,
  subtitles: Captions,
};

/** A row's icon; decorative (the row is named by the entry's name). */
export function EntryIcon({ kind }: { kind: EntryKind }) {
  const Icon = ICONS[kind];
  return <Icon class="icon" data-kind={kind} size={16} aria-hidden="true" />;
}
