"""Swedish language processing: the NER model, lemmas, titles, organisations and roles."""
