// The `citation` Draftail feature: choose a Reference in Wagtail's snippet chooser and mark the selected words
// as citing it. Stored as <a linktype="reference" id="…">; the page numbers citations when it renders them.
(function () {
  "use strict";

  const React = window.React;
  const { EditorState, Modifier, RichUtils } = window.DraftJS;

  function applyCitation(editorState, entityType, reference) {
    const content = editorState.getCurrentContent().createEntity(entityType.type, "MUTABLE", {
      id: Number(reference.id),
      label: reference.string,
    });
    const entityKey = content.getLastCreatedEntityKey();
    const selection = editorState.getSelection();
    if (selection.isCollapsed()) {
      // Nothing selected: cite with the reference's short label as the cited words.
      const inserted = Modifier.insertText(content, selection, reference.string, null, entityKey);
      return EditorState.push(editorState, inserted, "insert-characters");
    }
    const withEntity = EditorState.push(editorState, content, "apply-entity");
    return RichUtils.toggleLink(withEntity, selection, entityKey);
  }

  class CitationSource extends React.Component {
    componentDidMount() {
      const { editorState, entityType, onComplete, onClose } = this.props;
      let chosen = false;
      const modal = window.ModalWorkflow({
        url: entityType.chooserUrl,
        onload: new window.ChooserModalOnloadHandlerFactory().getOnLoadHandlers(),
        responses: {
          chosen(reference) {
            chosen = true;
            onComplete(applyCitation(editorState, entityType, reference));
          },
        },
        onError() {
          window.alert("The reference chooser could not be opened. Save your work and try again.");
          onClose();
        },
      });
      // Closed without choosing: leave the text as it was.
      if (modal.container) {
        modal.container.on("hidden.bs.modal", () => {
          if (!chosen) onClose();
        });
      }
    }

    render() {
      return null;
    }
  }

  function Citation(props) {
    const data = props.contentState.getEntity(props.entityKey).getData();
    return React.createElement(
      "span",
      { className: "citation-entity", title: "Cites " + (data.label || "reference " + data.id), "data-reference-id": data.id },
      props.children,
    );
  }

  window.draftail.registerPlugin({ type: "REFERENCE", source: CitationSource, decorator: Citation }, "entityTypes");
})();
