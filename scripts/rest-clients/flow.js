// Google's REST client for Node (@googleapis/chat) against chat-emulator: the seed guides'
// calls and a broader flow, changed only in endpoint (rootUrl) and credentials.
//
//     node flow.js 127.0.0.1:PORT
const assert = require('node:assert/strict');
const {chat: chatApi, auth} = require('@googleapis/chat');

const addr = process.argv[2];

function client(token) {
  const oauth = new auth.OAuth2();
  oauth.setCredentials({access_token: token});
  return chatApi({version: 'v1', rootUrl: `http://${addr}/`, auth: oauth});
}

const step = (name, value = '') => console.log(`   ok  ${name} ${typeof value === 'string' ? value : JSON.stringify(value)}`);

async function main() {
  const chat = client('user:alice@example.com');
  const app = client('app');

  // --- the seed guides ---
  const {data: space} = await chat.spaces.setup({
    requestBody: {
      space: {spaceType: 'SPACE', displayName: 'REST launch (node)'},
      memberships: [{member: {name: 'users/bob@example.com', type: 'HUMAN'}}],
    },
  });
  step('spaces.setup', space.name);

  const {data: patched} = await chat.spaces.patch({
    name: space.name,
    updateMask: 'spaceDetails',
    requestBody: {spaceDetails: {description: 'Launch plans', guidelines: 'Be kind'}},
  });
  assert.equal(patched.spaceDetails.description, 'Launch plans');
  step('spaces.patch updateMask=spaceDetails', patched.spaceDetails);

  const {data: members} = await chat.spaces.members.list({parent: space.name});
  const bob = members.memberships.find((m) => m.member.name === 'users/222');
  await chat.spaces.members.delete({name: bob.name});
  step('spaces.members.delete', bob.name);

  await chat.spaces.members.create({
    parent: space.name,
    requestBody: {member: {name: 'users/app', type: 'BOT'}},
  });
  const {data: removed} = await app.spaces.members.delete({name: `${space.name}/members/app`});
  assert.equal(removed.name, `${space.name}/members/app`);
  step('spaces.members.delete spaces/SPACE/members/app', removed.name);

  // --- messages with paging ---
  for (let i = 0; i < 5; i++) {
    await chat.spaces.messages.create({
      parent: space.name,
      messageId: `client-note-${i}`,
      requestBody: {text: `note ${i}`},
    });
  }
  const seen = [];
  let pageToken;
  let pages = 0;
  do {
    const {data} = await chat.spaces.messages.list({parent: space.name, pageSize: 2, pageToken});
    pages++;
    seen.push(...(data.messages || []).map((m) => m.text));
    pageToken = data.nextPageToken;
  } while (pageToken);
  assert.deepEqual(seen, [0, 1, 2, 3, 4].map((i) => `note ${i}`));
  assert.equal(pages, 3);
  step('spaces.messages.list (3 pages of 2)', seen);

  const {data: first} = await chat.spaces.messages.get({name: `${space.name}/messages/client-note-0`});
  const {data: edited} = await chat.spaces.messages.update({
    name: first.name,
    updateMask: 'text',
    requestBody: {text: 'note 0 (edited)'},
  });
  assert.equal(edited.text, 'note 0 (edited)');
  step('spaces.messages.update (PUT)', edited.text);

  // --- reactions ---
  const {data: reaction} = await chat.spaces.messages.reactions.create({
    parent: first.name,
    requestBody: {emoji: {unicode: '🎉'}},
  });
  const {data: listed} = await chat.spaces.messages.reactions.list({parent: first.name});
  assert.equal(listed.reactions.length, 1);
  await chat.spaces.messages.reactions.delete({name: reaction.name});
  step('reactions create/list/delete', reaction.name);

  // --- space events ---
  const {data: events} = await chat.spaces.spaceEvents.list({
    parent: space.name,
    filter: 'event_types:"google.workspace.chat.message.v1.created"',
  });
  assert.equal(events.spaceEvents.length, 5);
  const {data: got} = await chat.spaces.spaceEvents.get({name: events.spaceEvents[0].name});
  step('spaceEvents list/get', got.eventType);

  await chat.spaces.messages.delete({name: first.name});
  step('spaces.messages.delete', first.name);

  // --- errors ---
  await assert.rejects(client('not-a-token').spaces.list(), (e) => {
    assert.equal(e.status ?? e.code, 401);
    assert.equal(e.response.data.error.status, 'UNAUTHENTICATED');
    step('bad token', `HTTP ${e.response.status}`);
    return true;
  });
  await assert.rejects(chat.spaces.get({name: 'spaces/missing'}), (e) => {
    assert.equal(e.response.status, 404);
    assert.match(e.response.data.error.details[0]['@type'], /ResourceInfo$/);
    step('missing space', `HTTP 404 ${e.response.data.error.details[0]['@type']}`);
    return true;
  });
  console.log('node flow passed');
}

main().catch((e) => {
  console.error(e.response ? JSON.stringify(e.response.data) : e);
  process.exit(1);
});
