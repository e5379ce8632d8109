/** Stand-in for a view another feature has not registered yet. */
export function placeholderView(title: string) {
  return function Placeholder() {
    return (
      <div className="view" data-testid={`view-placeholder`}>
        <div className="toolbar">
          <h1>{title}</h1>
        </div>
        <p className="empty">{title} is not available in this build yet.</p>
      </div>
    );
  };
}
