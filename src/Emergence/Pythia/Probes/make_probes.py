"""Writes the seven Pythia probe sets as JSON lines (sizes as in the paper). Deterministic.

Item formats:
  {"prompt": P, "answer": A}                   score: log-probability of A after P (and greedy exact match)
  {"prompt": P, "choices": [A0, A1], "answer": k}  score: choice accuracy (highest summed log-probability)
  {"text": S}                                  general text: mean next-token log-probability
Run: python3 make_probes.py   (writes *.jsonl next to this file). All texts written for this project; public domain (CC0).
"""
import json, random, os

HERE = os.path.dirname(os.path.abspath(__file__))

def write(name, items, size):
    assert len(items) == size, (name, len(items), size)
    with open(os.path.join(HERE, name + ".jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")

# 1. syntactic: subject-verb agreement across an attractor noun (36)
subjects = [("key", "keys", "cabinet", "cabinets"), ("author", "authors", "book", "books"),
            ("picture", "pictures", "wall", "walls"), ("road", "roads", "village", "villages"),
            ("teacher", "teachers", "student", "students"), ("label", "labels", "bottle", "bottles"),
            ("door", "doors", "house", "houses"), ("leader", "leaders", "group", "groups"),
            ("colour", "colours", "flower", "flowers")]
syntactic = []
for sg, pl, asg, apl in subjects:
    for subj_pl in (False, True):
        for attr_pl in (False, True):
            subj = pl if subj_pl else sg
            attr = apl if attr_pl else asg
            prompt = f"The {subj} near the {attr}"
            choices = [" are", " is"] if subj_pl else [" is", " are"]
            syntactic.append({"prompt": prompt, "choices": choices, "answer": 0})
write("syntactic", syntactic, 36)

# 2. semantic: analogies (30)
analogies = [("Paris", "France", "Tokyo", "Japan"), ("Rome", "Italy", "Madrid", "Spain"), ("Berlin", "Germany", "Lisbon", "Portugal"),
             ("Cairo", "Egypt", "Ottawa", "Canada"), ("Athens", "Greece", "Dublin", "Ireland"), ("man", "woman", "king", "queen"),
             ("boy", "girl", "brother", "sister"), ("father", "mother", "uncle", "aunt"), ("husband", "wife", "prince", "princess"),
             ("hot", "cold", "up", "down"), ("big", "small", "tall", "short"), ("happy", "sad", "light", "dark"),
             ("fast", "slow", "hard", "soft"), ("day", "night", "black", "white"), ("cat", "kitten", "dog", "puppy"),
             ("cow", "calf", "sheep", "lamb"), ("bird", "nest", "bee", "hive"), ("fish", "water", "bird", "air"),
             ("eye", "see", "ear", "hear"), ("pen", "write", "knife", "cut"), ("walk", "walked", "jump", "jumped"),
             ("go", "went", "eat", "ate"), ("run", "ran", "swim", "swam"), ("good", "better", "bad", "worse"),
             ("one", "two", "three", "four"), ("Monday", "Tuesday", "Friday", "Saturday"), ("January", "February", "March", "April"),
             ("hand", "glove", "foot", "sock"), ("doctor", "hospital", "teacher", "school"), ("bread", "baker", "meat", "butcher")]
semantic = [{"prompt": f"{a} is to {b} as {c} is to", "answer": f" {d}"} for a, b, c, d in analogies]
write("semantic", semantic, 30)

# 3. arithmetic: 3-shot addition and multiplication (100 + 100)
rng = random.Random(20240601)
arithmetic = []
for op in ("+", "*"):
    for _ in range(100):
        def pair():
            return (rng.randint(10, 99), rng.randint(10, 99)) if op == "+" else (rng.randint(2, 19), rng.randint(2, 9))
        def res(a, b):
            return a + b if op == "+" else a * b
        shots = [pair() for _ in range(3)]
        a, b = pair()
        prompt = "\n".join(f"{x}{op}{y}={res(x, y)}" for x, y in shots) + f"\n{a}{op}{b}="
        arithmetic.append({"prompt": prompt, "answer": str(res(a, b))})
write("arithmetic", arithmetic, 200)

# 4. in-context learning: 4-shot novel label maps (16)
categories = {"fruit": ["apple", "banana", "cherry", "grape", "lemon", "mango", "peach", "plum"],
              "animal": ["horse", "tiger", "rabbit", "goat", "mouse", "zebra", "camel", "wolf"],
              "colour": ["red", "blue", "green", "yellow", "purple", "orange", "brown", "pink"],
              "tool": ["hammer", "saw", "drill", "wrench", "chisel", "shovel", "rake", "axe"]}
labels = ["dax", "wug", "blick", "fep", "toma", "zup", "kiki", "lorp"]
rng = random.Random(7)
icl = []
pairs = [("fruit", "animal"), ("colour", "tool"), ("animal", "colour"), ("tool", "fruit")]
for i in range(16):
    c1, c2 = pairs[i % 4]
    l1, l2 = rng.sample(labels, 2)
    w1 = rng.sample(categories[c1], 3)
    w2 = rng.sample(categories[c2], 3)
    shots = [(w1[0], l1), (w2[0], l2), (w1[1], l1), (w2[1], l2)]
    rng.shuffle(shots)
    query, answer = (w1[2], l1) if i % 2 == 0 else (w2[2], l2)
    prompt = "\n".join(f"{w} -> {l}" for w, l in shots) + f"\n{query} ->"
    icl.append({"prompt": prompt, "answer": f" {answer}"})
write("icl", icl, 16)

# 5. factual (51)
facts = [("The capital of France is", "Paris"), ("The capital of Japan is", "Tokyo"), ("The capital of Italy is", "Rome"),
         ("The capital of Germany is", "Berlin"), ("The capital of Spain is", "Madrid"), ("The capital of Russia is", "Moscow"),
         ("The capital of Egypt is", "Cairo"), ("The capital of Canada is", "Ottawa"), ("The capital of China is", "Beijing"),
         ("The capital of England is", "London"), ("The largest planet in the solar system is", "Jupiter"),
         ("The planet closest to the Sun is", "Mercury"), ("The Earth orbits the", "Sun"), ("Water is made of hydrogen and", "oxygen"),
         ("The chemical symbol for gold is", "Au"), ("The freezing point of water in degrees Celsius is", "0"),
         ("The boiling point of water in degrees Celsius is", "100"), ("A week has seven", "days"), ("A year has twelve", "months"),
         ("The opposite of north is", "south"), ("The first month of the year is", "January"), ("The last month of the year is", "December"),
         ("The colour of the clear sky is", "blue"), ("The colour of grass is", "green"), ("Snow is usually", "white"),
         ("The author of Hamlet was William", "Shakespeare"), ("The theory of relativity was developed by Albert", "Einstein"),
         ("The first person to walk on the Moon was Neil", "Armstrong"), ("The Mona Lisa was painted by Leonardo da", "Vinci"),
         ("The longest river in Africa is the", "Nile"), ("The tallest mountain in the world is Mount", "Everest"),
         ("The largest ocean on Earth is the", "Pacific"), ("The currency of Japan is the", "yen"),
         ("The currency of the United States is the", "dollar"), ("The language spoken in Brazil is", "Portuguese"),
         ("The language spoken in Mexico is", "Spanish"), ("Bees make", "honey"), ("Cows give", "milk"),
         ("A baby dog is called a", "puppy"), ("A baby cat is called a", "kitten"), ("The square root of 9 is", "3"),
         ("The number of legs on a spider is", "eight"), ("The number of continents on Earth is", "seven"),
         ("The Great Wall is in", "China"), ("The Eiffel Tower is in", "Paris"), ("The Statue of Liberty is in New", "York"),
         ("The human heart pumps", "blood"), ("Plants take in carbon", "dioxide"), ("The gas we breathe in to live is", "oxygen"),
         ("The hardest natural substance is", "diamond"), ("The fastest land animal is the", "cheetah")]
write("factual", [{"prompt": p, "answer": f" {a}"} for p, a in facts], 51)

# 6. logical: syllogisms (26), valid conclusion vs its negation
syll = [("cats", "mammals", "animals"), ("roses", "flowers", "plants"), ("sparrows", "birds", "animals"),
        ("oaks", "trees", "plants"), ("squares", "rectangles", "shapes"), ("trout", "fish", "animals"),
        ("violins", "instruments", "objects"), ("poets", "writers", "people"), ("wugs", "blickets", "daxes"),
        ("zorbs", "feps", "tomas"), ("apples", "fruits", "foods"), ("hammers", "tools", "objects"),
        ("whales", "mammals", "animals")]
logical = []
for a, b, c in syll:
    prompt = f"All {a} are {b}. All {b} are {c}. Therefore, all {a} are"
    logical.append({"prompt": prompt, "choices": [f" {c}", f" not {c}"], "answer": 0})
    prompt2 = f"No {b} are {c}. All {a} are {b}. Therefore, no {a} are"
    logical.append({"prompt": prompt2, "choices": [f" {c}", f" {b}"], "answer": 0})
write("logical", logical, 26)

# 7. general text (200): short sentences written for this project, plus template sentences
written = [
    "The river ran slowly past the old mill, and the water was clear enough to see the stones on the bottom.",
    "In the morning the market filled with farmers selling bread, cheese, apples and fresh eggs.",
    "She opened the window to let in the cool air and watched the clouds move across the hills.",
    "The library kept its oldest books in a quiet room at the back, where the light was soft.",
    "After the storm the streets were covered in leaves, and children jumped in the puddles on their way to school.",
    "A good map shows not only the roads but also the rivers, the forests and the height of the land.",
    "The train left the station at seven and reached the coast a little before noon.",
    "He wrote a letter to his sister every week, describing the weather, the garden and the news of the town.",
    "Most birds build their nests in spring, when there is enough food to raise their young.",
    "The bridge was built of stone more than two hundred years ago and still carries traffic today.",
    "When water is heated it turns into steam, and when it is cooled far enough it becomes ice.",
    "The museum displayed tools, coins and pottery found in the fields around the village.",
    "Every evening the lighthouse keeper climbed the stairs to light the lamp at the top of the tower.",
    "The recipe called for flour, butter, sugar and two eggs, mixed together and baked for half an hour.",
    "On clear nights you can see thousands of stars, and sometimes a planet shining brighter than the rest.",
    "The committee met on Tuesday to discuss the budget for the new school building.",
    "Farmers in the valley grew wheat and barley, and kept sheep on the higher ground.",
    "The doctor listened to his heart, checked his temperature and told him to rest for a few days.",
    "A small boat drifted near the shore while two fishermen mended their nets.",
    "The city council voted to plant trees along the main street and to build a new park.",
    "Music filled the hall as the orchestra began the first movement of the symphony.",
    "The path through the forest was narrow, and roots crossed it like the rungs of a ladder.",
    "Scientists measure the age of rocks by studying the slow decay of certain elements inside them.",
    "The shop on the corner sold newspapers, sweets and stamps, and its owner knew everyone by name.",
    "During the winter the lake froze solid, and people walked across it to the island.",
    "The teacher asked the class to read the first chapter and to write down three questions about it.",
    "Wind turned the sails of the mill, and the great stones ground the grain into flour.",
    "The letter arrived three weeks late, its envelope stained by rain and its corners torn.",
    "In the desert the days are hot and the nights are surprisingly cold.",
    "The old clock in the hall struck twelve, and the house fell silent.",
    "A mountain stream is cold even in summer, because it is fed by melting snow.",
    "The gardener planted beans along the fence and tomatoes in the sunny corner by the wall.",
    "Ships once carried tea, spices and cloth across the ocean on voyages that lasted many months.",
    "The children built a castle of sand and watched the tide slowly wash it away.",
    "Good bread needs time: the dough must rest and rise before it goes into the oven.",
    "The road climbed in long curves up the side of the valley to the pass.",
    "Her grandfather kept bees, and every autumn he gave jars of honey to the neighbours.",
    "The report described the causes of the flood and proposed new walls along the river.",
    "At the edge of the town stood a church with a tall tower and a bell that could be heard for miles.",
    "The students collected leaves from twenty kinds of trees and pressed them in a book.",
]
people = ["The farmer", "A young student", "The old sailor", "My neighbour", "The engineer", "A traveller", "The baker", "The nurse"]
actions = ["walked to the harbour", "repaired the broken fence", "read a book about the history of the region",
           "planted a row of young trees", "carried water from the well", "painted the front door green",
           "counted the sheep in the field", "wrote a short report", "visited the market", "climbed the hill behind the house"]
times = ["early in the morning", "before the rain began", "on a cold winter day", "after a long week of work", "late in the evening"]
rng = random.Random(11)
combos = [(p, a, t) for p in people for a in actions for t in times]
rng.shuffle(combos)
general = [{"text": s} for s in written]
for p, a, t in combos[: 200 - len(written)]:
    general.append({"text": f"{p} {a} {t}."})
write("general", general, 200)
