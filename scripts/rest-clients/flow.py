"""Google's REST client for Python (google-api-python-client) against chat-emulator.

The seed guides' calls (spaces.setup, spaces.patch with updateMask='spaceDetails',
spaces.members.delete, including spaces/SPACE/members/app as the app) and a broader flow
(messages with paging, reactions, space events), changed only in endpoint and credentials.

    python flow.py 127.0.0.1:PORT
"""

import sys

import httplib2

from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

addr = sys.argv[1]


def client(token):
    # The discovery document that ships with the library (chat.v1.json); only the endpoint
    # changes. (For media, whose URLs come from the document's rootUrl, see the README.)
    return build(
        "chat",
        "v1",
        credentials=Credentials(token=token),
        static_discovery=True,
        client_options={"api_endpoint": f"http://{addr}/"},
    )


def step(name, value=""):
    print(f"   ok  {name} {value}")


chat = client("user:alice@example.com")
app = client("app")

# --- the seed guides ---
space = (
    chat.spaces()
    .setup(
        body={
            "space": {"spaceType": "SPACE", "displayName": "REST launch"},
            "memberships": [
                {"member": {"name": "users/bob@example.com", "type": "HUMAN"}}
            ],
        }
    )
    .execute()
)
step("spaces.setup", space["name"])

patched = (
    chat.spaces()
    .patch(
        name=space["name"],
        updateMask="spaceDetails",
        body={"spaceDetails": {"description": "Launch plans", "guidelines": "Be kind"}},
    )
    .execute()
)
assert patched["spaceDetails"]["description"] == "Launch plans", patched
step("spaces.patch updateMask=spaceDetails", patched["spaceDetails"])

members = chat.spaces().members().list(parent=space["name"]).execute()
bob = next(m for m in members["memberships"] if m["member"]["name"] == "users/222")
chat.spaces().members().delete(name=bob["name"]).execute()
step("spaces.members.delete", bob["name"])

chat.spaces().members().create(
    parent=space["name"], body={"member": {"name": "users/app", "type": "BOT"}}
).execute()
removed = app.spaces().members().delete(name=f"{space['name']}/members/app").execute()
assert removed["name"] == f"{space['name']}/members/app", removed
step("spaces.members.delete spaces/SPACE/members/app", removed["name"])

# --- messages with paging ---
for i in range(5):
    chat.spaces().messages().create(
        parent=space["name"], body={"text": f"note {i}"}, messageId=f"client-note-{i}"
    ).execute()
seen = []
request = chat.spaces().messages().list(parent=space["name"], pageSize=2)
pages = 0
while request is not None:
    response = request.execute()
    pages += 1
    seen += [m["text"] for m in response.get("messages", [])]
    request = chat.spaces().messages().list_next(request, response)
assert seen == [f"note {i}" for i in range(5)], seen
assert pages == 3, pages
step("spaces.messages.list (3 pages of 2)", seen)

first = chat.spaces().messages().get(name=f"{space['name']}/messages/client-note-0").execute()
edited = (
    chat.spaces()
    .messages()
    .patch(name=first["name"], updateMask="text", body={"text": "note 0 (edited)"})
    .execute()
)
assert edited["text"] == "note 0 (edited)", edited
step("spaces.messages.patch", edited["text"])

# --- reactions ---
reaction = (
    chat.spaces()
    .messages()
    .reactions()
    .create(parent=first["name"], body={"emoji": {"unicode": "🎉"}})
    .execute()
)
listed = chat.spaces().messages().reactions().list(parent=first["name"]).execute()
assert len(listed["reactions"]) == 1, listed
chat.spaces().messages().reactions().delete(name=reaction["name"]).execute()
step("reactions create/list/delete", reaction["name"])

# --- space events ---
events = (
    chat.spaces()
    .spaceEvents()
    .list(
        parent=space["name"],
        filter='event_types:"google.workspace.chat.message.v1.created"',
    )
    .execute()
)
assert len(events["spaceEvents"]) == 5, events
got = chat.spaces().spaceEvents().get(name=events["spaceEvents"][0]["name"]).execute()
step("spaceEvents list/get", got["eventType"])

chat.spaces().messages().delete(name=first["name"]).execute()
step("spaces.messages.delete", first["name"])

# --- errors: Google's error body through the client's HttpError ---
# Without credentials (a bare httplib2.Http): google-auth would try to refresh a token on a 401.
anonymous = build(
    "chat",
    "v1",
    http=httplib2.Http(),
    static_discovery=True,
    client_options={"api_endpoint": f"http://{addr}/"},
)
try:
    anonymous.spaces().list().execute()
    raise SystemExit("expected UNAUTHENTICATED")
except HttpError as e:
    assert e.resp.status == 401, e
    assert "UNAUTHENTICATED" in e.content.decode(), e.content
    step("no credentials", f"HTTP {e.resp.status}")
try:
    chat.spaces().get(name="spaces/missing").execute()
    raise SystemExit("expected NOT_FOUND")
except HttpError as e:
    assert e.resp.status == 404, e
    assert e.error_details[0]["@type"].endswith("ResourceInfo"), e.error_details
    step("missing space", f"HTTP {e.resp.status} {e.error_details[0]['@type']}")

print("python flow passed")
