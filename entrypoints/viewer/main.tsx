import { render } from 'preact';
import { ViewerApp } from '../../components/viewer/ViewerApp';
import { localizeDocument } from '../../lib/i18n/document';
import { appRoot } from '../../lib/ui/app-root';
import '../../components/theme.css';
import '../../components/share/share.css';
import '../../components/downloads/downloads.css';
import '../../components/saves/saves.css';
import '../../components/viewer/viewer.css';

localizeDocument('appName');
render(<ViewerApp search={location.search} />, appRoot());
