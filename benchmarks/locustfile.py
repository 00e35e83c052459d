"""Locust users for Signaal's load and soak benchmarks (benchmarks/load.py, benchmarks/soak.py).

- `ChatUser`: the real public path, POST /api/chat: residents, professionals, quizzes and ~5 %
  crisis messages, each conversation ending with POST /api/chat/forget.
- `CampaignUser`: a participant of a trainer's live session (the code of the class gathering
  now in the file SIGNAAL_BENCH_CAMPAIGN_FILE): joins, answers each question as the chat page
  shows it, forgets when the session closes.
- `RasaDirectUser`: the same conversations posted to Rasa's REST webhook, the reference.

The driver names the classes on the command line. Request names are the CSV rows: "turn",
"turn (crisis)", "turn (campaign join)", "turn (campaign answer)", "campaign state", "forget",
and counts of type "note" with no request behind them. A turn fails on a status other than
200, a reply without messages, or a degraded reply (the webchat answering by itself because
Rasa was too slow or down). A crisis answered by the webchat itself within its budget is the
designed path: the note "crisis answered by webchat", not a failure.
Message texts are never logged.
"""

from __future__ import annotations

import json
import os
import random
import secrets
from typing import Any
from urllib.parse import quote

import gevent
from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

ANSWER_PREFIX = "/answer{"  # quiz and campaign option buttons (bot/actions/practice.py)
THINK = tuple(float(x) for x in os.environ.get("SIGNAAL_BENCH_THINK", "1,4").split(","))
# A connection per request, as the reverse proxy in front of the webchat makes them
# (deploy/compose.yml). SIGNAAL_BENCH_KEEPALIVE=1: every user holds its own connection, as
# browsers talking to waitress directly would (waitress accepts 100 connections by default).
HEADERS = None if os.environ.get("SIGNAAL_BENCH_KEEPALIVE") == "1" else {"Connection": "close"}

GREETINGS = ["hoi", "hallo", "goedemiddag", "hey, ik heb een vraag"]
RESIDENT_TOPICS = [  # a question and the follow-up people often type next
    ("wat is intieme terreur", "en de signalen?"),
    ("wat is huiselijk geweld precies", "en de signalen?"),
    ("mijn partner controleert steeds mijn telefoon, is dat normaal?", "wat kan ik doen?"),
    ("wat is financieel misbruik", "en de signalen?"),
    ("wat is ouderenmishandeling", "hoe vaak komt dat voor?"),
    ("waar kan ik terecht?", "kan ik anoniem bellen?"),
    ("wat is het nummer van veilig thuis", "is dat gratis?"),
    ("wat is een huisverbod", "hoe lang duurt dat?"),
    ("kan ik ergens chatten in plaats van bellen?", None),
    ("hoe is de aanpak in Gouda", None),
    ("mijn zus wordt thuis vernederd, hoe help ik haar?", "wat kan ik doen?"),
]
PROFESSIONAL_FIRST = "ik ben docent en maak me zorgen over een leerling"
PROFESSIONAL_TURNS = [
    "wat zijn de stappen van de meldcode", "en stap 3?", "wat is het afwegingskader",
    "moet ik dit melden bij Veilig Thuis?", "mag ik overleggen zonder toestemming van de ouders?",
    "wat is een kindcheck", "wie is de aandachtsfunctionaris?",
]
QUIZ_STARTS = ["ik wil een quiz doen", "quiz", "doe een quiz over de meldcode",
               "quiz over signalen"]
CRISIS = [  # crisis phrasings from tests/data, each caught by the detector (safety/)
    "hlp hij slaat mn hoofd tegen de muur",
    "hij heeft een pistool in huis en zei vanavond dat hij me doodschiet als ik wegga",
    "ik durf niet naar huis want dan krijg ik weer klappen",
    "heb pillen gespaard voor als het niet meer gaat thuis",
    "ik word nu gevolgd door mijn ex in een auto, ik ben op de fiets",
]
CLOSINGS = ["dankje", "bedankt", "oké, dank je wel"]


def answer_buttons(messages: list[dict[str, Any]]) -> list[str]:
    """The option payloads of the last question the bot asked."""
    for message in reversed(messages):
        payloads = [str(b.get("payload", "")) for b in message.get("buttons") or []]
        payloads = [p for p in payloads if p.startswith(ANSWER_PREFIX)]
        if payloads:
            return payloads
    return []


def parse(reply) -> Any:
    try:
        return json.loads(reply.content or b"")
    except ValueError:
        return None


class Base(FastHttpUser):
    """What every user needs; subclasses say how a turn travels and how a conversation ends."""

    abstract = True
    wait_time = between(*THINK)  # a person reading and typing between turns
    network_timeout = 40.0  # above the webchat's own Rasa timeout (20 s)
    default_headers = HEADERS

    def new_conversation(self) -> None:
        raise NotImplementedError

    def turn(self, text: str, name: str = "turn", question: int | None = None
             ) -> list[dict[str, Any]] | None:
        """The reply's messages, or None when the turn failed (already recorded)."""
        raise NotImplementedError

    def forget(self) -> None:
        raise NotImplementedError

    def note(self, name: str, failure: str | None = None) -> None:
        """A count of its own in the CSV (type "note"), with no request behind it."""
        self.environment.events.request.fire(
            request_type="note", name=name, response_time=0, response_length=0,
            exception=RuntimeError(failure) if failure else None, context={})


class Conversations(Base):
    """The mix of conversations, whichever way the turns travel."""

    abstract = True

    def conversation(self, texts: list[str], first_name: str = "turn") -> None:
        self.new_conversation()
        try:
            for i, text in enumerate(texts):
                if i:
                    self.wait()  # think time between the turns of one conversation too
                if self.turn(text, first_name if i == 0 else "turn") is None:
                    break  # a failed turn: a person would start over, so do we
        finally:
            self.forget()

    @task(45)
    def resident(self) -> None:
        texts = [random.choice(GREETINGS)]
        for question, follow_up in random.sample(RESIDENT_TOPICS, random.randint(1, 2)):
            texts.append(question)
            if follow_up and random.random() < 0.7:
                texts.append(follow_up)
        if random.random() < 0.5:
            texts.append(random.choice(CLOSINGS))
        self.conversation(texts[:6])

    @task(25)
    def professional(self) -> None:
        self.conversation([PROFESSIONAL_FIRST,
                           *random.sample(PROFESSIONAL_TURNS, random.randint(2, 4))])

    @task(25)
    def quiz(self) -> None:
        self.new_conversation()
        try:
            messages = self.turn(random.choice(QUIZ_STARTS))
            for _ in range(5):  # a quiz has five questions
                options = answer_buttons(messages) if messages else []
                if not options:
                    break
                self.wait()
                messages = self.turn(random.choice(options))
        finally:
            self.forget()

    @task(5)
    def crisis(self) -> None:
        texts = [random.choice(CRISIS)]
        if random.random() < 0.5:
            texts.append("waar kan ik terecht?")
        self.conversation(texts, first_name="turn (crisis)")


class ChatClient(Base):
    """A resident's browser: POST /api/chat with the session id the webchat issued."""

    abstract = True
    session: str | None = None

    def new_conversation(self) -> None:
        self.session = None

    def turn(self, text: str, name: str = "turn", question: int | None = None
             ) -> list[dict[str, Any]] | None:
        body: dict[str, Any] = {"session": self.session, "message": text}
        if question is not None:
            body["question"] = question
        with self.client.post("/api/chat", json=body, name=name, catch_response=True) as reply:
            data = parse(reply) if reply.status_code == 200 else None
            messages = (data.get("messages") if isinstance(data, dict) else None) or []
            if reply.status_code != 200 or not messages:
                reply.failure(f"status {reply.status_code}" if reply.status_code != 200
                              else "no messages")
                return None
            self.session = data.get("session") or self.session
            if data.get("degraded"):
                if not any(m.get("crisis") for m in messages):
                    reply.failure("degraded: Rasa too slow or down")
                    return None
                self.note("crisis answered by webchat")
            reply.success()
            return messages

    def forget(self) -> None:
        if self.session:
            with self.client.post("/api/chat/forget", json={"session": self.session},
                                  name="forget", catch_response=True) as reply:
                if reply.status_code not in (200, 204):
                    reply.failure(f"status {reply.status_code}")
        self.session = None


class ChatUser(ChatClient, Conversations):
    weight = 9  # against CampaignUser when both run (the soak)


def gathering_code() -> str:
    """The code of the class now gathering: the driver's trainer writes it to a file while
    people may join and empties the file once the questions start."""
    path = os.environ.get("SIGNAAL_BENCH_CAMPAIGN_FILE")
    if not path:
        return os.environ.get("SIGNAAL_BENCH_CAMPAIGN", "")
    with open(path, encoding="utf-8") as file:
        return file.read().strip()


def confirmed(messages: list[dict[str, Any]]) -> bool:
    """The bot took the answer: it tells the page to wait for the next question (the live
    marker) and does not show answer buttons again (it would, to ask again)."""
    return any("campaign" in m for m in messages) and not answer_buttons(messages)


class CampaignUser(ChatClient):
    """A participant of a trainer's class: types the code while the class gathers, then does what
    the chat page does, polling /api/campaign/state every 2.5 s and answering each question
    it shows (a button carries a letter and the question's index), until the class closes."""

    weight = 1

    def state(self) -> dict[str, Any] | None:
        with self.client.post("/api/campaign/state", name="campaign state", catch_response=True,
                              json={"session": self.session, "locale": "nl"}) as reply:
            state = parse(reply) if reply.status_code == 200 else None
            if not isinstance(state, dict):
                reply.failure(f"status {reply.status_code}")
                return None
            return state

    @task
    def participate(self) -> None:
        code = gathering_code()
        if not code:
            gevent.sleep(1.0)  # no class gathering now
            return
        self.new_conversation()
        try:
            if self.turn(f"code {code}", name="turn (campaign join)") is None:
                return
            answered: set[int] = set()
            for _ in range(120):  # at most 5 minutes in one class
                gevent.sleep(2.5)  # the chat page's polling interval
                state = self.state()
                if state is None or not state.get("active"):
                    return  # closed (or never joined)
                buttons = (state.get("message") or {}).get("buttons") or []
                if state.get("status") != "question" or not buttons or state["index"] in answered:
                    continue
                answered.add(state["index"])
                gevent.sleep(random.uniform(2, 8))  # reading the question, in the trainer's time
                button = random.choice(buttons)
                reply = self.turn(button["payload"], name="turn (campaign answer)",
                                  question=button.get("question"))
                if reply is not None:  # counted: these are compared with the results
                    self.note("campaign answer confirmed" if confirmed(reply)
                              else "campaign answer not taken (trainer moved on?)")
        finally:
            self.forget()


class RasaDirectUser(Conversations):
    """The reference: the same conversations to Rasa's REST webhook, no webchat in between."""

    sender = ""

    def new_conversation(self) -> None:
        self.sender = "bench-" + secrets.token_urlsafe(12)

    def turn(self, text: str, name: str = "turn", question: int | None = None
             ) -> list[dict[str, Any]] | None:
        with self.client.post("/webhooks/rest/webhook", name=name, catch_response=True,
                              json={"sender": self.sender, "message": text}) as reply:
            data = parse(reply) if reply.status_code == 200 else None
            messages = [m for m in data if isinstance(m, dict) and m.get("text")] if (
                isinstance(data, list)) else []
            if not messages:
                reply.failure(f"status {reply.status_code}" if reply.status_code != 200
                              else "no messages")
                return None
            reply.success()
            return messages

    def forget(self) -> None:
        # As the webchat's forget does (webchat/rasa_client.py): an empty tracker, so both paths
        # do the same work. Needs Rasa's token; without it the trackers expire on their own.
        token = os.environ.get("SIGNAAL_BENCH_RASA_TOKEN")
        if token and self.sender:
            path = f"/conversations/{self.sender}/tracker/events?token={quote(token)}"
            with self.client.request("PUT", path, name="forget", json=[],
                                     catch_response=True) as reply:
                if reply.status_code != 200:
                    reply.failure(f"status {reply.status_code}")
        self.sender = ""
