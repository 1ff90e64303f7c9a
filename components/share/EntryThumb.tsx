import { useState } from 'preact/hooks';
import type { ShareEntry } from '../../lib/shares/browse';
import type { EntryKind } from '../../lib/ui/file-icon';
import { thumbnailSrc } from '../../lib/ui/thumbnails';
import { EntryIcon } from './EntryIcon';

/**
 * The listing's thumbnail of an image or video, else (or when it fails to load) the type icon.
 * Only rows in view are rendered (the list is virtual), and the browser waits until the image is
 * near the viewport (`loading="lazy"`); no Referer goes to the CDN, which refuses foreign ones (§8).
 */
export function EntryThumb({ entry, kind }: { entry: ShareEntry; kind: EntryKind }) {
  const [failed, setFailed] = useState(false);
  const src = thumbnailSrc(entry);
  if (!src || failed) return <EntryIcon kind={kind} />;
  return (
    <img
      data-thumbnail
      src={src}
      alt=""
      loading="lazy"
      decoding="async"
      referrerpolicy="no-referrer"
      onError={() => setFailed(true)}
    />
  );
}
