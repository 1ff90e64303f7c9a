import type { Block, Inline } from '../../lib/ui/markdown-lite';

/** Blocks of lib/ui/markdown-lite as elements; every piece of text is a text node, never HTML. */
export function MarkdownText({ blocks }: { blocks: Block[] }) {
  return <>{blocks.map(renderBlock)}</>;
}

function renderBlock(block: Block, key: number) {
  switch (block.kind) {
    case 'heading': {
      const Tag = block.level === 1 ? 'h1' : block.level === 2 ? 'h2' : 'h3';
      return <Tag key={key}>{renderInline(block.content)}</Tag>;
    }
    case 'paragraph':
      return <p key={key}>{renderInline(block.content)}</p>;
    case 'list':
      return (
        <ul key={key}>
          {block.items.map((item, i) => (
            <li key={i}>{renderInline(item)}</li>
          ))}
        </ul>
      );
  }
}

function renderInline(content: Inline[]) {
  return content.map((piece, i) =>
    piece.kind === 'code' ? (
      <code key={i}>{piece.text}</code>
    ) : piece.kind === 'strong' ? (
      <strong key={i}>{piece.text}</strong>
    ) : (
      piece.text
    ),
  );
}
