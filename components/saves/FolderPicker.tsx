import { Folder, FolderPlus } from 'lucide-preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { isAlipanError } from '../../lib/api/errors';
import { localized, t } from '../../lib/i18n';
import { request } from '../../lib/messaging/client';
import type { DriveFolder, SaveTarget } from '../../lib/saves/model';
import { folderPathText } from '../../lib/ui/save-scope';
import { Breadcrumbs } from '../share/Breadcrumbs';

type Problem = { code: string; text: string };

/**
 * Picks a folder of the user's own drive (the drive downloads copy into): browse, create, pick;
 * opens at the last folder saved into. `what` says what will land there. Stable hooks: the dialog
 * `[data-folder-picker]`; rows `[data-picker-folder-id][data-name]` (click to enter); crumbs
 * `[data-action="picker-crumb"]`; `input[name="newFolderName"]` with
 * `button[data-action="picker-new-folder"]`; `input[name="skipExisting"]`; `[data-picker-state]` = loading | ready;
 * `button[data-action="save-here"]`; a failure as `[data-save-state="error"][data-save-error]`.
 */
export function FolderPicker(props: {
  what: string;
  /** Resolves when the save started; a rejection is shown in the dialog. */
  onSave: (target: SaveTarget, skipExisting: boolean) => Promise<void>;
  onClose: () => void;
}) {
  const [path, setPath] = useState<DriveFolder[]>();
  const [folders, setFolders] = useState<DriveFolder[]>();
  const [newName, setNewName] = useState('');
  const [skipExisting, setSkipExisting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const dialog = useRef<HTMLDivElement>(null);

  const go = async (next: DriveFolder[]) => {
    setFolders(undefined);
    setProblem(undefined);
    try {
      setFolders(await request('drive.folders', { parentId: next[next.length - 1]?.fileId ?? 'root' }));
      setPath(next);
    } catch (e) {
      // The remembered folder may be gone: start at the root instead.
      if (next.length > 0 && isAlipanError(e) && e.category === 'file-not-found') return go([]);
      setPath(next);
      setFolders([]);
      setProblem(problemOf(e));
    }
  };
  useEffect(() => {
    dialog.current?.focus(); // keyboard users start inside the dialog; Escape leaves it
    request('saves.lastTarget').then(
      (last) => go(last ?? []),
      () => go([]),
    );
  }, []);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await work();
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  };
  const createFolder = (e: Event) => {
    e.preventDefault();
    const name = newName.trim();
    if (!name || !path) return;
    void act(async () => {
      const made = await request('drive.createFolder', { parentId: path[path.length - 1]?.fileId ?? 'root', name });
      setNewName('');
      await go([...path, made]);
    });
  };
  const saveHere = () =>
    path && void act(() => props.onSave({ folderId: path[path.length - 1]?.fileId ?? 'root', path }, skipExisting));

  return (
    <div class="picker-backdrop">
      <div
        class="folder-picker"
        role="dialog"
        aria-modal="true"
        aria-labelledby="picker-heading"
        tabIndex={-1}
        ref={dialog}
        data-folder-picker
        onKeyDown={(e) => e.key === 'Escape' && props.onClose()}
      >
        <h2 id="picker-heading">{t('pickerHeading')}</h2>
        <p class="picker-what" data-picker-what>
          {props.what} <span class="muted">{t('pickerWhere', { path: folderPathText(path ?? []) })}</span>
        </p>
        <Breadcrumbs
          crumbs={[{ fileId: 'root', name: t('pickerRoot') }, ...(path ?? [])]}
          onGo={(i) => path && go(path.slice(0, i))}
          action="picker-crumb"
          label={t('pickerCrumbs')}
        />
        <ul
          class="picker-folders"
          aria-busy={folders === undefined}
          data-picker-state={folders === undefined ? 'loading' : 'ready'}
        >
          {folders === undefined && <li class="muted">{t('pickerLoading')}</li>}
          {folders?.length === 0 && !problem && <li class="muted">{t('pickerNoFolders')}</li>}
          {folders?.map((f) => (
            <li key={f.fileId}>
              <button
                type="button"
                class="picker-folder"
                data-picker-folder-id={f.fileId}
                data-name={f.name}
                aria-label={t('pickerOpenFolder', { name: f.name })}
                onClick={() => path && go([...path, f])}
              >
                <Folder class="icon" size={16} aria-hidden="true" /> {f.name}
              </button>
            </li>
          ))}
        </ul>
        <form class="picker-new" onSubmit={createFolder}>
          <input
            name="newFolderName"
            type="text"
            value={newName}
            placeholder={t('pickerNewFolderLabel')}
            aria-label={t('pickerNewFolderLabel')}
            onInput={(e) => setNewName((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" data-action="picker-new-folder" disabled={busy || !path || !newName.trim()}>
            <FolderPlus class="icon" size={16} aria-hidden="true" /> {t('pickerNewFolderButton')}
          </button>
        </form>
        <label class="picker-skip">
          <input
            type="checkbox"
            name="skipExisting"
            checked={skipExisting}
            onChange={(e) => setSkipExisting((e.currentTarget as HTMLInputElement).checked)}
          />
          {t('pickerSkipExisting')}
        </label>
        {!skipExisting && <p class="muted picker-note">{t('pickerKeepBoth')}</p>}
        {problem && (
          <p class="download-error" role="alert" data-save-state="error" data-save-error={problem.code}>
            {problem.text}
          </p>
        )}
        <div class="picker-actions">
          <button type="button" data-action="picker-cancel" onClick={props.onClose}>
            {t('pickerCancel')}
          </button>
          <button
            type="button"
            class="primary"
            data-action="save-here"
            disabled={busy || folders === undefined}
            onClick={saveHere}
          >
            {t('pickerSaveHere')}
          </button>
        </div>
      </div>
    </div>
  );
}

function problemOf(e: unknown): Problem {
  if (!isAlipanError(e)) return { code: 'unknown', text: t('unexpectedError') };
  return { code: e.category === 'network' ? 'network' : e.code, text: localized(e.text) || t('unexpectedError') };
}
