"""Find, read, clean and segment sources into Articles. Imports no Textual."""

from sahel_tui.corpus.model import Article, Corpus, Metadata, Paragraph, Removal, Sentence

__all__ = ["Article", "Corpus", "Metadata", "Paragraph", "Removal", "Sentence"]
