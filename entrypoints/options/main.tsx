import { render } from 'preact';
import { OptionsApp } from '../../components/options/OptionsApp';
import { localizeDocument } from '../../lib/i18n/document';
import '../../components/theme.css';
import '../../components/options/options.css';

localizeDocument('optionsTitle');
render(<OptionsApp />, document.getElementById('app')!);
