"""Concept rules added after error analysis: each is checked with phrasings of our own,
never with the texts of the evaluation sets, so these tests say what the rule means and
the held-out sets say how far it generalises."""

from __future__ import annotations

import pytest

from safety.detector import get_detector
from safety.kinds import CrisisKind

CRISIS = [
    ("honestly wouldnt mind if a lorry ran me over", CrisisKind.SUICIDAL_THOUGHTS),
    ("i pray god takes me in the night", CrisisKind.SUICIDAL_THOUGHTS),
    ("be so peaceful to be dead", CrisisKind.SUICIDAL_THOUGHTS),
    ("wish my mam had never had me", CrisisKind.SUICIDAL_THOUGHTS),
    ("nobody will have to look after me after this week", CrisisKind.SUICIDAL_THOUGHTS),
    ("my family would be better off with my life insurance", CrisisKind.SUICIDAL_THOUGHTS),
    ("its too late for me", CrisisKind.SUICIDAL_THOUGHTS),
    ("ive got a noose hidden in the shed", CrisisKind.MEANS),
    ("got my tablets lined up, taking them all tonight", CrisisKind.MEANS),
    ("ive picked the night im going to do it", CrisisKind.SUICIDAL_THOUGHTS),
    ("figured out where to jump from", CrisisKind.MEANS),
    ("thinking about taking my uncles rifle", CrisisKind.MEANS),
    ("i know which bridge im going to use", CrisisKind.MEANS),
    ("survived the last one and im planning another", CrisisKind.MEANS),
    ("swallowing them one at a time right now", CrisisKind.MEDICAL_EMERGENCY),
    ("climbed over the railings on the bridge", CrisisKind.MEDICAL_EMERGENCY),
    ("i took something and now i cant breathe right", CrisisKind.MEDICAL_EMERGENCY),
    ("i burn myself with a lighter on my thigh", CrisisKind.SELF_HARM),
    ("i want to make more cuts", CrisisKind.SELF_HARM),
    ("my carer keeps my bank card and threatens me if i ask for it", CrisisKind.HARM_FROM_OTHERS),
    ("my coach says not to tell my parents about the messages", CrisisKind.HARM_FROM_OTHERS),
    ("blood is pumping out of his leg", CrisisKind.MEDICAL_EMERGENCY),
    ("her sugar is really low and shes confused", CrisisKind.MEDICAL_EMERGENCY),
    ("my toddler fell into the river", CrisisKind.MEDICAL_EMERGENCY),
    ("the flat is on fire and we are trapped", CrisisKind.MEDICAL_EMERGENCY),
    ("my dad texted me that he wants to die", CrisisKind.WORRY_ABOUT_SOMEONE),
    ("my sister locked herself in her room with a knife", CrisisKind.WORRY_ABOUT_SOMEONE),
    ("he posted this is goodbye on facebook", CrisisKind.WORRY_ABOUT_SOMEONE),
    ("i dnt want to b alive nemore", CrisisKind.SUICIDAL_THOUGHTS),
    ("ah've goat pills in the hoose an ah ken whit they're fur", CrisisKind.MEANS),
    ("she says if i go to the police she'll find out where i live and kill me",
     CrisisKind.HARM_FROM_OTHERS),
    ("my boyfriend is at the door kicking it in", CrisisKind.HARM_FROM_OTHERS),
    ("keep reopening my cuts", CrisisKind.SELF_HARM),
    ("my mum texted that tonight is her last night alive", CrisisKind.WORRY_ABOUT_SOMEONE),
    ("ah wish ah wisnae alive", CrisisKind.SUICIDAL_THOUGHTS),
    ("the world wud b beta off without me", CrisisKind.SUICIDAL_THOUGHTS),
    ("sos please", CrisisKind.SUICIDAL_THOUGHTS),
    ("honestly im not safe right now", CrisisKind.SUICIDAL_THOUGHTS),
    ("i am in danger", CrisisKind.SUICIDAL_THOUGHTS),
    ("wid be lovely to just stop existing", CrisisKind.SUICIDAL_THOUGHTS),
    ("jealous of folk who get to die", CrisisKind.SUICIDAL_THOUGHTS),
    ("nobody will have to deal with me much longer", CrisisKind.SUICIDAL_THOUGHTS),
    ("i won't be a burden to anyone for much longer", CrisisKind.SUICIDAL_THOUGHTS),
    ("gave my brother my guitar, i won't be needing it", CrisisKind.SUICIDAL_THOUGHTS),
    ("tell my kids i'm sorry for everything", CrisisKind.SUICIDAL_THOUGHTS),
    ("i deserve to suffer", CrisisKind.SELF_HARM),
    ("relapsed with self harm last night", CrisisKind.SELF_HARM),
    ("stood in the loch now", CrisisKind.MEDICAL_EMERGENCY),
    ("tied the belt to the banister", CrisisKind.MEANS),
    ("swallowed most of the packet already", CrisisKind.MEDICAL_EMERGENCY),
    ("he's hammering on the door screaming what he'll do to me", CrisisKind.HARM_FROM_OTHERS),
    ("she put a tracker on my phone", CrisisKind.HARM_FROM_OTHERS),
    ("the weans next door are being hit", CrisisKind.HARM_FROM_OTHERS),
    ("my chest is crushing and my arm's numb", CrisisKind.MEDICAL_EMERGENCY),
    ("how quick does a paracetamol overdose work", CrisisKind.MEANS),
    ("my wee boy drank some washing liquid", CrisisKind.MEDICAL_EMERGENCY),
]

NOT_CRISIS = [
    "doing my tax return myself would be financial suicide",
    "whats the quickest way to kill moss on the patio",
    "the gig was so cringe i wanted to die",
    "id rather die than sit another driving test",
    "i used to wish i was dead, i dont feel that anymore",
    "my gran died of a stroke in the spring",
    "it's been four years since my attempt and i'm doing well",
    "my uncle's been dead ten years now",
    "we jumped into the loch for a swim",
    "took my beta blockers this morning",
    "picking at a scab on my knee",
    "the band said this is their last night on tour",
    "my neighbour is outside the house shouting at his dog",
    "ah wis gonna phone ye the morra",
    "the sos button on my phone is broken",
    "im not safe to drive after that wine, ill get a taxi",
    "the bridge is not safe in high winds",
    "i'm in danger of missing my train",
    "nice to stop and have a coffee",
    "i envy people who get to travel",
    "nobody will have to deal with my moaning now i've got the job",
    "gave my sister my old phone, i don't need it now i've got a new one",
    "gave the dog his dinner, he won't need it till tomorrow",
    "tell my mum i'm sorry i'll be late",
    "i deserve a holiday",
    "my boss is banging on about targets",
    "tied the boat to the pier",
    "put the rope in the loft with the camping stuff",
    "my phone has a tracker app for the kids",
    "the kids are getting hungry",
    "my chest feels tight from the cold",
    "how long does a paracetamol take to work",
    "the toddler drank his milk",
]


@pytest.mark.parametrize(("text", "kind"), CRISIS)
def test_concept_rules_recognise_new_phrasings(text: str, kind: CrisisKind) -> None:
    detection = get_detector().detect(text)
    assert detection.is_crisis, (text, get_detector().normalise(text))
    assert kind in detection.kinds, (text, detection.kinds)


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_concept_rules_leave_everyday_and_past_alone(text: str) -> None:
    assert not get_detector().detect(text).is_crisis, (text, get_detector().normalise(text))


# Means asked sideways: can a high place still be reached on foot; getting round the
# pack limit on painkillers. Means questions (the crisis answer), never crisis words.
MEANS_QUESTIONS = [
    "could folk still get onto the tay bridge on foot",
    "can anyone walk up onto the flyover by the retail park",
    "will the pharmacy sell me more than two packets of co-codamol",
    "can i buy over three boxes of paracetamol in one shop",
]
NOT_MEANS_QUESTIONS = [
    "we walked across the bridge in the sunshine",
    "is there a parkrun that goes near the old bridge",
    "the chemist sells boxes of plasters and suncream",
]


@pytest.mark.parametrize("text", MEANS_QUESTIONS)
def test_reaching_a_height_and_beating_the_pack_limit_are_means_questions(text: str) -> None:
    assert get_detector().detect(text).means_question, (text, get_detector().normalise(text))


@pytest.mark.parametrize("text", NOT_MEANS_QUESTIONS)
def test_bridges_and_chemists_in_passing_are_not_means_questions(text: str) -> None:
    assert not get_detector().detect(text).means_question, text


@pytest.mark.parametrize("text", [
    "i'm gonna torch her flat when she's out",
    "i will set fire to my ex's car and i don't care",
])
def test_saying_you_will_set_fire_to_someones_home_or_car_is_a_crisis(text: str) -> None:
    assert get_detector().detect(text).is_crisis, (text, get_detector().normalise(text))


@pytest.mark.parametrize("text", [
    "i'm going to burn the toast if i'm not careful",
    "we're going to have a bonfire in the garden",
])
def test_fire_in_everyday_talk_is_not(text: str) -> None:
    assert not get_detector().detect(text).is_crisis, text


@pytest.mark.parametrize("text", [
    "i keep thinking about hurting my newborn and it terrifies me",
    "i'm scared i'll shake the baby when she won't stop crying",
])
def test_thoughts_of_harming_ones_baby_are_a_crisis(text: str) -> None:
    assert get_detector().detect(text).is_crisis, (text, get_detector().normalise(text))


@pytest.mark.parametrize("text", [
    "we're raising money for a suicide prevention charity this month",
    "my dissertation on self harm in young people is due on friday",
])
def test_suicide_as_a_subject_is_reported_as_a_topic(text: str) -> None:
    detection = get_detector().detect(text)
    assert not detection.is_crisis and detection.discounted == "topic", (text, detection)


# Acts and warnings worded in ways the rules above did not reach: out at a height, a
# whole supply swallowed, self-harm named by its instrument, a question about what
# would poison a person, thoughts of harming a baby put as a noun, arranging things
# for after one is gone, and people "not having to worry about me much longer".
NEW_CRISIS_WORDINGS = [
    "i'm out on the viaduct now, didn't tell anyone where i went",
    "i'm up at the kessock bridge, no one's coming",
    "took the entire bottle of my sleeping tablets an hour ago",
    "i've just swallowed a whole strip of my sertraline",
    "been at it with the blade again",
    "did it again with the razor last night",
    "having images of smothering my baby and i can't make them stop",
    "i've written down who should take my rabbits after i'm gone",
    "my family won't have to deal with me for much longer",
]
NEW_MEANS_QUESTIONS = [
    "is drain cleaner toxic enough to kill you",
    "what stuff in the kitchen would kill someone",
]
EVERYDAY_NEIGHBOURS = [
    "who'll water the plants when i'm gone on holiday",
    "which plants are toxic to dogs",
    "did it again with the hoover, broke it",
    "what can kill weeds in the patio",
    "we're up at the forth bridge for the fireworks",
]


@pytest.mark.parametrize("text", NEW_CRISIS_WORDINGS)
def test_acts_and_warnings_in_other_words_are_a_crisis(text: str) -> None:
    assert get_detector().detect(text).is_crisis, (text, get_detector().normalise(text))


@pytest.mark.parametrize("text", NEW_MEANS_QUESTIONS)
def test_what_would_poison_a_person_is_a_means_question(text: str) -> None:
    assert get_detector().detect(text).means_question, (text, get_detector().normalise(text))


@pytest.mark.parametrize("text", EVERYDAY_NEIGHBOURS)
def test_their_everyday_neighbours_are_not(text: str) -> None:
    assert not get_detector().detect(text).is_crisis, text


@pytest.mark.parametrize("text", [
    "my brother's up on the roof and he won't come down, i'm outside",
    "she's on the ledge and refusing to step back",
])
def test_someone_at_a_height_who_will_not_come_down_is_a_crisis(text: str) -> None:
    assert get_detector().detect(text).is_crisis, (text, get_detector().normalise(text))


@pytest.mark.parametrize("text", [
    "how deep is the water under the kessock bridge",
    "how deep does the tay get below the bridge",
])
def test_how_deep_the_water_is_at_a_bridge_is_a_means_question(text: str) -> None:
    assert get_detector().detect(text).means_question, (text, get_detector().normalise(text))


@pytest.mark.parametrize("text", [
    "how deep is the swimming pool at the leisure centre",
    "the cat won't come down off the shed roof",
    "how deep is loch ness",
])
def test_depth_and_roofs_in_passing_are_not(text: str) -> None:
    detection = get_detector().detect(text)
    assert not detection.is_crisis and not detection.means_question, text


@pytest.mark.parametrize("text", [
    "can we make a plan for when i'm struggling",
    "i'd like to make my plan today",
    "my inhaler's nearly run out, can i get more",
])
def test_making_a_staying_well_plan_and_a_repeat_prescription_are_not(text: str) -> None:
    assert not get_detector().detect(text).is_crisis, text


def test_a_group_for_people_bereaved_by_suicide_is_bereavement() -> None:
    detection = get_detector().detect("is there a group for families who lost someone to suicide")
    assert not detection.is_crisis and detection.discounted == "bereavement", detection


# Nerves in a person's own words, which the detector once read as abuse, a height or
# death: a vape is not a misspelt assault, "on edge" is not on the edge, what "won't
# stop" must be someone's doing, and "dead meat" is an idiom.
@pytest.mark.parametrize("text", [
    "dying for a vape after that meeting",
    "been on edge all week",
    "my hands won't stop trembling before the interview",
    "my thoughts won't stop going round",
    "my boss says i'm dead meat if the report is late",
])
def test_nerves_in_everyday_words_are_not_a_crisis(text: str) -> None:
    assert not get_detector().detect(text).is_crisis, (text, get_detector().normalise(text))


@pytest.mark.parametrize("text", [
    "he won't stop texting me and turning up at my work",
    "she will not leave me alone, it's every day",
    "i'm standing on the edge right now",
])
def test_their_dangerous_neighbours_still_are(text: str) -> None:
    assert get_detector().detect(text).is_crisis, (text, get_detector().normalise(text))
