import { render } from 'preact';
import { OptionsApp } from '../../components/options/OptionsApp';
import { localizeDocument } from '../../lib/i18n/document';
import { appRoot } from '../../lib/ui/app-root';
import '../../components/theme.css';
import '../../components/options/options.css';

localizeDocument('optionsTitle');
render(<OptionsApp />, appRoot());
