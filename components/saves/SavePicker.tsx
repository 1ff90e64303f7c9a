import { request } from '../../lib/messaging/client';
import type { SaveItem, SaveScope } from '../../lib/saves/model';
import type { ShareRef } from '../../lib/shares/model';
import { whatLands } from '../../lib/ui/save-scope';
import { useDownloadJobs } from '../downloads/DownloadJobs';
import { FolderPicker } from './FolderPicker';

/**
 * The folder picker for one save: `items` of the share (absent: the whole share, or the folder
 * its link names, listed by the background). The save shows in the downloads panel once started.
 */
export function SavePicker(props: {
  share: ShareRef;
  shareName: string;
  items?: SaveItem[];
  scope: SaveScope;
  /** The folder row, the folder shown, or the one item: named in "what lands where". */
  name: string;
  count?: number;
  onClose: () => void;
}) {
  const { trackSave } = useDownloadJobs();
  const { share, items, scope } = props;
  return (
    <FolderPicker
      what={whatLands({ scope, name: props.name, count: props.count })}
      onClose={props.onClose}
      onSave={async (target, skipExisting) => {
        const save = await request('saves.start', {
          shareId: share.shareId,
          code: share.code,
          ...(share.folderId ? { folderId: share.folderId } : {}),
          shareName: props.shareName,
          ...(items ? { items } : {}),
          scope,
          target,
          skipExisting,
        });
        trackSave(save);
        props.onClose();
      }}
    />
  );
}
