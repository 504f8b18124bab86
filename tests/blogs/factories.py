from blogs import services


def entry(
    author,
    *,
    title="CoP experiences - your feedback needed",
    body="<p>I have been invited to submit a paper.</p>",
    communities=(),
    files=(),
):
    return services.entry_create(
        author=author, title=title, body=body, communities=communities, files=files
    )
