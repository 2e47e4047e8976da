"""The few things bot/ says in its own words, in one place.

Everything else the person reads comes from Rasa (domain.yml) or from the
safety package. These answers are for input Rasa never sees: messages it
cannot read, chats it does not serve, commands it does not know.
"""

from __future__ import annotations

NOT_TEXT = {
    "sticker": (
        "Thanks for the sticker! I can only read text for now, so could you tell me "
        "in words how you're doing?"
    ),
    "photo": (
        "Thanks for sharing that. I can't see pictures yet, I can only read text. "
        "Could you tell me in words?"
    ),
    "voice": (
        "I'm sorry, I can't listen to voice messages yet. I can only read text for now, "
        "so could you type it instead?"
    ),
    "audio": (
        "I'm sorry, I can't listen to audio yet. I can only read text for now, "
        "so could you type it instead?"
    ),
    "video": (
        "I'm sorry, I can't watch videos yet. I can only read text for now, "
        "so could you tell me in words?"
    ),
    "video_note": (
        "I'm sorry, I can't watch video messages yet. I can only read text for now, "
        "so could you type it instead?"
    ),
    "animation": "Thanks for that! I can only read text for now, so could you tell me in words?",
    "document": (
        "Thanks, but I can't open files. I can only read text for now, and I haven't kept the file."
    ),
    "location": (
        "I couldn't read that location. If you'd like to find support near you, "
        "type the name of your town or area."
    ),
    "venue": (
        "I couldn't read that place. If you'd like to find support near you, "
        "type the name of your town or area."
    ),
    "contact": "I can't use contact cards, and I haven't kept it. I can only read text for now.",
    "poll": "I can't take part in polls, I'm afraid. I can only read text for now.",
    "dice": "I can only read text for now, but I hope the roll went your way!",
    "other": "I'm sorry, I can't read that kind of message. I can only read text for now.",
}

CAPTION_READ = "I can only read text for now, so I've answered the words you sent with it."

GROUP_CHAT = (
    "Hi! I only work in private chats, so that others in a group don't see what you tell me. "
    "Tap my name and choose Send Message to talk to me on my own, and type /privacy there "
    "to see who can read what."
)

# A callback-query notice: Telegram shows at most 200 characters.
GROUP_CHAT_SHORT = "I only work in private chats. Message me directly to talk."

ALREADY_PRESSED = "You've already chosen from these buttons. Type /menu for the options."

UNKNOWN_COMMAND = (
    "Sorry, I don't know that command. You can type to me in your own words, or use "
    "/menu to see what I can do, /help for how this works, and /sos for people you can "
    "talk to right now."
)

EMPTY_TEXT = (
    "I didn't catch any words there. Type whatever is on your mind, or /menu to see what I can do."
)

TRUNCATED = (
    "That was a long message, so I've only read the first part of it. If there's more "
    "you'd like me to know, you could send it in a few shorter messages."
)

EXPIRED_BUTTON = (
    "That button is from an earlier conversation and has expired. Type /menu to see "
    "the options again."
)

# The command menu Telegram shows next to the text box, in this order.
COMMANDS = (
    ("start", "Start or restart our chat"),
    ("menu", "What I can do"),
    ("help", "How this works"),
    ("exercises", "Self-help exercises"),
    ("groups", "Find a support group near you"),
    ("plan", "Your plan for staying well"),
    ("checkin", "Check in on how you're doing"),
    ("mydata", "See or delete what I keep"),
    ("privacy", "Who can see what, and for how long"),
    ("stop", "Stop what we're doing"),
    ("sos", "People you can talk to right now"),
    ("crisis", "People you can talk to right now"),
)

FILE_NOT_SENT = "I'm sorry, I couldn't send that file just now. Please ask me again in a while."

EDITED_READ = (
    "I see you changed an earlier message. I can't change what I've already said, "
    "so here's my answer to the new version."
)
