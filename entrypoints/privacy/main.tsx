import { render } from 'preact';
import { PrivacyPage } from '../../components/privacy/PrivacyPage';
import { currentLang } from '../../lib/i18n';
import { localizeDocument } from '../../lib/i18n/document';
import { appRoot } from '../../lib/ui/app-root';
// The policy ships in the package: the page works offline and shows the text of this version.
import privacy from '../../PRIVACY.md?raw';
import '../../components/theme.css';
import '../../components/privacy/privacy.css';

localizeDocument('privacyTitle');
render(<PrivacyPage text={privacy} lang={currentLang()} />, appRoot());
