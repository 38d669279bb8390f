"""Chapter 0 (introduction): answer checkers and the self-check quiz.

Part 1 of the quiz covers each of the twenty review questions of seed 000 (PKU-press CRM,
chapter 5 exercises, 选择题 1–20) and its fill-in question, translated into our own words;
the seed prints no answers, so the answer key and the explanations are ours. Part 2 covers
the rest of chapter 0. Every question names its ``source``: ``"000:Q7"`` for seed 000's
question 7, ``"000:F1"`` for its fill-in question, a section label (``"map-i6"``) otherwise.
"""
from __future__ import annotations

from .. import relationship
from .._errors import CRMLibError
from . import QuizQuestion, quiz, register

__all__ = ["QUIZ", "SEED_QUIZ", "COURSE_QUIZ", "intro_quiz"]


@register("ch0.relationship-level", hint="Few customers and a high unit margin: which cell of kotler_matrix()?")
def _relationship_level() -> str:
    # A maker of 40 custom production lines a year at a 45 % margin.
    return relationship.relationship_level(40, 0.45)


@register(
    "ch0.relationship-level-bank",
    hint="Decide first whether two million customers counts as few, medium or many, and whether a 6 % "
         "margin is low, medium or high; then read that cell of kotler_matrix().",
)
def _relationship_level_bank() -> str:
    return relationship.relationship_level(2_000_000, 0.06)


@register(
    "ch0.relationship-strength",
    hint="Count the value-chain links on each route; strength is inversely proportional to the square of "
         "that count, and the answer is the ratio of the two strengths.",
)
def _relationship_strength() -> float:
    # A brand selling through a distributor and a retailer (3 links) vs. direct (1 link).
    return relationship.relationship_strength(3) / relationship.relationship_strength(1)


#: Part 1: seed 000's twenty review questions (选择题 1–20) and its fill-in question (填空题 1),
#: translated and reworded; the seed prints no answers, so the key and explanations are ours.
#: Where the seed's question allows several right options (Q3, Q4, Q18), the options are
#: rephrased so that exactly one is right.
SEED_QUIZ: list[QuizQuestion] = [
    QuizQuestion(
        "What is the aim (宗旨) of customer relationship management?",
        ["To improve the relationship between the firm and its customers",
         "To cut the cost of each sale",
         "To install a customer database",
         "To reorganise the firm's departments"],
        0, "The name says it: CRM exists to build and keep good relationships with customers. Putting the customer "
           "at the centre is the philosophy behind it, higher core competitiveness the result, and new processes "
           "and databases are means.",
        "I1", "000:Q1",
    ),
    QuizQuestion(
        "Who first used the term 'customer relationship management', and when?",
        ["Philip Kotler, in the 1940s", "IBM, in the 1960s", "Carlson Marketing Group, in the 1980s",
         "Gartner Group, in the 1990s"],
        3, "The research firm Gartner Group introduced the term in the 1990s; the practice grew first in the USA.",
        "I1", "000:Q2",
    ),
    QuizQuestion(
        "Which of these describes what CRM is?",
        ["Only a piece of software", "Only a marketing slogan",
         "A management philosophy, a business model and a set of software and technology, all at once",
         "Only a way of organising the sales department"],
        2, "The seed offers 'a management philosophy', 'a new business model', 'software and technology' and "
           "'a business philosophy or marketing concept': each is one face of CRM, as in the iron triangle "
           "of philosophy, technology and implementation.",
        "I1", "000:Q3",
    ),
    QuizQuestion(
        "What can a complete CRM system do?",
        ["Judge each customer's value", "Show where profits come from",
         "Show which business processes involve each customer",
         "All of these, and raise the satisfaction of the most valuable and the potentially valuable customers"],
        3, "All four are tasks of a complete CRM system: value, profit sources and processes are what it analyses; "
           "higher satisfaction of the customers that matter is what it is for.",
        "I5", "000:Q4",
    ),
    QuizQuestion(
        "A firm has few customers and earns a high margin on each unit. Which relationship level should it choose, "
        "to support its customers' success and share in it?",
        ["Basic (基本型)", "Partnership (伙伴型)", "Proactive (主动型, also called 能动型)",
         "Accountable (责任型, also called 负责型)"],
        1, "Few customers and high margins pay for working continuously with each one: a partnership. Seed 000's "
           "exam calls the proactive and accountable levels 主动型 and 责任型; this course's Kotler table calls "
           "them 能动型 and 负责型.",
        "I4", "000:Q5",
    ),
    QuizQuestion(
        "Why did modern CRM replace the older, traditional 'customer relationship management'?",
        ["The internet alone made the old way illegal", "The old way had no customer database at all",
         "The old way lacked the support of modern management information technology",
         "Modern management theory rejected the old way"],
        2, "Firms always managed customers; what was missing was the information technology that records every "
           "customer's history and acts on it at scale.",
        "I2", "000:Q6",
    ),
    QuizQuestion(
        "Supported by network and information technology, CRM helps a firm raise which of these in a fierce "
        "market?",
        ["Its profit this quarter", "Its core competitiveness", "Its market share", "Its customers' satisfaction"],
        1, "Core competitiveness (核心竞争力) is what rivals cannot easily copy; a customer base that the firm "
           "knows and keeps is such an asset. Profit, share and satisfaction can follow from it.",
        "I1", "000:Q7",
    ),
    QuizQuestion(
        "In recent years, the rapid progress of what opened wide room for applying marketing-management theory?",
        ["Information technology", "Database technology alone", "The internet alone", "Modern management theory"],
        0, "Marketing theory (segmentation, one-to-one marketing, lifetime value) existed before; information "
           "technology, of which databases and the internet are parts, made it cheap to apply.",
        "I2", "000:Q8",
    ),
    QuizQuestion(
        "A CRM system aimed at firms with more than 200 staff operating across regions belongs to which tier?",
        ["High-end CRM", "Mid-range CRM (中端)", "Enterprise CRM", "Small-business CRM"],
        1, "The course's three product tiers: enterprise CRM for large firms, mid-range CRM for firms of 200+ "
           "staff across regions, and SME CRM for small firms with simple needs.",
        "I5", "000:Q9",
    ),
    QuizQuestion(
        "For a firm that trades mainly over the counter in its shops, what should the core of its CRM be?",
        ["Data mining on its own", "The CRM idea in general", "Customer analysis and database marketing",
         "Sales-force automation"],
        2, "Shop transactions leave data about who buys what and when: analysing it and marketing from it is the "
           "core. There is no field sales force to automate.",
        "I5", "000:Q10",
    ),
    QuizQuestion(
        "Integrating CRM with finance, ERP, SCM and groupware (Exchange/Outlook, Lotus Notes) matters most for "
        "firms that are highly…",
        ["personalised", "informatised (信息化: already run on information systems)", "process-driven",
         "e-commerce based"],
        1, "Only a firm whose work already runs through information systems gains from joining CRM to them; for "
           "the others integration has little to connect to.",
        "I5", "000:Q11",
    ),
    QuizQuestion(
        "The growth of what, together with new technologies, has had a major influence on CRM?",
        ["Business models", "The internet", "Information technology in general", "Modern management ideas"],
        1, "The internet added new channels (web, e-mail, online service) and made customer data flow in real "
           "time: e-commerce CRM with its front-end services is its result.",
        "I2", "000:Q12",
    ),
    QuizQuestion(
        "CRM needs investment, but what does it raise?",
        ["The number of customers", "The number of products", "The firm's economic returns (经济效益)",
         "Market share"],
        2, "CRM may even shrink the customer list (dropping unprofitable customers); what it aims to raise is "
           "the return on the customer base.",
        "I1", "000:Q13",
    ),
    QuizQuestion(
        "A firm seeks a larger market share and then uses its dominance to earn more. Its strategy is centred "
        "on…",
        ["profit", "core competitiveness", "market share", "customer satisfaction"],
        2, "That is the market-share-centred strategy (以市场占有率为中心) of mass marketing; CRM replaces it "
           "with a customer-centred one that values keeping and growing each customer.",
        "I1", "000:Q14",
    ),
    QuizQuestion(
        "What is the basic route to building and keeping a good relationship between firm and customer?",
        ["Product enquiries", "After-sales service", "Effective information exchange (信息交流)",
         "Business dealings"],
        2, "A relationship lives on two-way communication: the firm learns the customer's needs, the customer "
           "learns what the firm offers. Enquiries, service and dealings are occasions for it.",
        "I1", "000:Q15",
    ),
    QuizQuestion(
        "CRM is the firm's front-office business. Which of its main functions is both automatic and interactive?",
        ["Marketing automation", "Sales automation", "Service and support", "Task management"],
        0, "Marketing automation runs campaigns by rules (automatic) and reacts to each customer's responses "
           "(interactive); sales automation supports salespeople, and service responds to requests.",
        "I5", "000:Q16",
    ),
    QuizQuestion(
        "What measures how far the firm keeps its promises, tests its marketing strategies and reveals problems in "
        "customer service?",
        ["Profit", "Customer feedback", "Market share", "Customer satisfaction"],
        3, "Satisfaction compares what customers get with what they were promised and expected (chapter 4): it "
           "is the measure of promises kept. Feedback is one source of it.",
        "I1", "000:Q17",
    ),
    QuizQuestion(
        "Which departments of a firm deal closely with customers?",
        ["Technology (R&D) only", "Marketing, sales and service", "Finance and legal", "Purchasing and logistics"],
        1, "Marketing, sales and service are the front office that CRM systems support; R&D meets customers "
           "only now and then.",
        "I5", "000:Q18",
    ),
    QuizQuestion(
        "Which of these functions is outside the scope of a CRM system?",
        ["Sales management", "Purchasing management", "Call centre", "Data mining"],
        1, "Purchasing faces suppliers (that is SCM/ERP); CRM faces customers.",
        "I5", "000:Q19",
    ),
    QuizQuestion(
        "In e-commerce, which of these is NOT a front-end CRM service to the customer?",
        ["Personalised web pages", "Online customer service", "Self-service order tracking",
         "Customer status analysis"],
        3, "The first three are services the customer uses; status analysis is what the firm does with the data "
           "behind the scenes.",
        "I5", "000:Q20",
    ),
    QuizQuestion(
        "Fill in the blank: CRM is a management philosophy that comes from Western ______ theory.",
        ["economic", "marketing (市场营销)", "organisation", "information"],
        1, "CRM grew out of relationship marketing and database marketing, parts of Western marketing theory; "
           "information technology is how it is applied, not where the idea comes from.",
        "I1", "000:F1",
    ),
]

#: Part 2: questions on the rest of chapter 0 (sources are the chapter's section labels).
COURSE_QUIZ: list[QuizQuestion] = [
    QuizQuestion(
        "CRM's 'iron triangle' (铁三角) is made of which three parts?",
        ["Product, price and place", "Philosophy, technology and implementation",
         "Sales, marketing and service", "Customers, suppliers and rivals"],
        1, "The philosophy is the foundation, IT is the means, and implementation decides the result.",
        "I1", "map-i1",
    ),
    QuizQuestion(
        "Which definition of CRM is IBM's?",
        ["Giving the firm an all-round view of the customer to maximise customer profitability",
         "Making every employee, dealer or customer prefer the company, so as to keep them",
         "The whole business process of identifying, selecting, acquiring, developing and keeping customers",
         "A call-centre system for answering complaints"],
        2, "The first is Gartner Group's, the second Carlson Marketing Group's, the third IBM's.",
        "I1", "map-i1",
    ),
    QuizQuestion(
        "A customer's network value (网络化价值) arises when…",
        ["the customer posts reviews online",
         "the customer's own customers adopt your product to trade with it, and theirs in turn",
         "the customer buys over the internet",
         "the customer joins a loyalty programme"],
        1, "Adoption spreads along the chain of business relationships, like a network effect.",
        "I2", "map-i2",
    ),
    QuizQuestion(
        "Which three forces explain why CRM arose?",
        ["Valuing customer resources, business pull and technology push",
         "Globalisation, regulation and inflation",
         "Lower prices, more products and more shops",
         "Mergers, outsourcing and automation"],
        0, "A new view of customers as resources, demands from sales/marketing/service staff, and IT that made it possible.",
        "I2", "map-i2",
    ),
    QuizQuestion(
        "Which of these is NOT one of the five parts of the CRM theory framework used in this book?",
        ["Customer value", "Customer lifecycle", "Customer segmentation", "Supplier selection"],
        3, "The five are customer value, lifecycle, segmentation, satisfaction (and loyalty), and CRM technology.",
        "I3", "map-i3",
    ),
    QuizQuestion(
        "A firm has a very large number of customers and a thin margin. Which level fits?",
        ["Basic (基本型)", "Proactive (能动型)", "Accountable (负责型)", "Partnership (伙伴型)"],
        0, "Each relationship earns too little to pay for follow-up: sell well and keep service simple.",
        "I4", "map-i4",
    ),
    QuizQuestion(
        "The listening rule of seed 002 says a salesperson should…",
        ["talk 80 % of the time and listen 20 %", "talk 20 % of the time and listen 80 %",
         "talk and listen equally", "not talk until asked"],
        1, "Talking 20 % and listening 80 % is how you learn the customer's needs.",
        "I6", "map-i6",
    ),
    QuizQuestion(
        "In Herzberg's two-factor theory, which factors cause dissatisfaction when they are missing, "
        "but do not motivate when present?",
        ["Motivators", "Hygiene factors", "Self-actualisation needs", "Promotions"],
        1, "Hygiene factors (保健因素) such as policy, supervision and pay; motivators (促进因素) create satisfaction.",
        "I6", "map-i6",
    ),
    QuizQuestion(
        "Going from the 4P to the 4C view, 'price' becomes…",
        ["customer value", "cost to the customer", "communication", "convenience"],
        1, "Product → customer value, price → cost, promotion → communication, place → convenience.",
        "I6", "map-i6",
    ),
    QuizQuestion(
        "If a brand's products reach the buyer through two intermediaries (three links) instead of directly, "
        "the relationship is how strong, relative to selling direct?",
        ["One third", "One ninth", "Two thirds", "Unchanged"],
        1, "Strength ∝ 1 / links²: (1/3)² = 1/9.",
        "I7", "map-i7",
    ),
    QuizQuestion(
        "Which of these is dynamic (动态) customer data?",
        ["Home address", "Education", "Purchase history and complaints", "Region"],
        2, "Static data describe who the customer is; dynamic data record what the customer does.",
        "I8", "map-i8",
    ),
    QuizQuestion(
        "Spotting an unusual jump in one card's spending, to ask 'fraud or change?', is which data-mining task?",
        ["Dependency analysis", "Class identification", "Concept description", "Deviation detection"],
        3, "Deviation detection looks for records that break the usual pattern.",
        "I8", "map-i8",
    ),
]

#: The whole chapter 0 quiz: seed 000's questions first, then the course's own.
QUIZ: list[QuizQuestion] = SEED_QUIZ + COURSE_QUIZ


def intro_quiz(part: str | None = None):
    """The chapter 0 self-check quiz, rendered by :func:`crmlib.exercises.quiz`.

    Parameters
    ----------
    part : ``"seed"`` for seed 000's twenty review questions and its fill-in question,
        ``"course"`` for the questions on the rest of the chapter, ``None`` for both.

    Examples
    --------
    >>> intro_quiz("seed").n_questions
    21
    """
    parts = {None: (QUIZ, "ch0-quiz"), "seed": (SEED_QUIZ, "ch0-quiz-seed"), "course": (COURSE_QUIZ, "ch0-quiz-course")}
    if part not in parts:
        raise CRMLibError(f"part must be 'seed', 'course' or None, not {part!r}.")
    questions, name = parts[part]
    return quiz(questions, name=name)
