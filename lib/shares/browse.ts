import type { ShareStatus } from './model';

/** What the viewer and popup show at the top of a share. */
export interface ShareOverview {
  shareId: string;
  status: ShareStatus;
  /** The share needs a code and none (or a wrong one) was given. */
  needsCode: boolean;
  /** Canonical share URL. */
  url: string;
}

/** One row of a shared folder. */
export interface ShareEntry {
  fileId: string;
  name: string;
  type: 'file' | 'folder';
  size?: number;
  updatedAt?: string;
  category?: string;
  extension?: string;
  thumbnail?: string;
  /** Alipan has banned this file (`punish_flag` in the listing, §5). */
  banned?: boolean;
}
