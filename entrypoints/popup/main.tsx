import { render } from 'preact';
import { PopupApp } from '../../components/popup/PopupApp';
import { localizeDocument } from '../../lib/i18n/document';
import { appRoot } from '../../lib/ui/app-root';
import '../../components/theme.css';
import '../../components/share/share.css';
import '../../components/downloads/downloads.css';
import '../../components/saves/saves.css';
import '../../components/popup/popup.css';

localizeDocument('appName');
render(<PopupApp />, appRoot());
