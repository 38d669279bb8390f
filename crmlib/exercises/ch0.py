"""Chapter 0 (introduction): answer checkers and the self-check quiz.

The quiz is written from the topics of the twenty review questions in seed 000
(PKU-press CRM, chapter 5 exercises), in our own words, with our own answer key.
"""
from __future__ import annotations

from .. import relationship
from . import QuizQuestion, quiz, register

__all__ = ["QUIZ", "intro_quiz"]


@register("ch0.relationship-level", hint="Few customers and a high unit margin: which cell of kotler_matrix()?")
def _relationship_level() -> str:
    # A maker of 40 custom production lines a year at a 45 % margin.
    return relationship.relationship_level(40, 0.45)


@register(
    "ch0.relationship-level-bank",
    hint="Two million customers is 'many'; a 6 % margin is 'low'. Look up that cell.",
)
def _relationship_level_bank() -> str:
    return relationship.relationship_level(2_000_000, 0.06)


@register(
    "ch0.relationship-strength",
    hint="Strength falls with the square of the number of links: compare (1/3)**2 with (1/1)**2.",
)
def _relationship_strength() -> float:
    # A brand selling through a distributor and a retailer (3 links) vs. direct (1 link).
    return relationship.relationship_strength(3) / relationship.relationship_strength(1)


QUIZ: list[QuizQuestion] = [
    QuizQuestion(
        "What is the guiding idea (宗旨) of customer relationship management?",
        ["Putting the customer at the centre of the business",
         "Cutting the cost of each sale",
         "Installing a sales database",
         "Reorganising the firm's departments"],
        0, "CRM starts from the customer: the other options can follow from it, but are not its aim.",
        "I1",
    ),
    QuizQuestion(
        "Who first used the term 'customer relationship management', and when?",
        ["Philip Kotler, in the 1960s", "IBM, in the 1980s", "Gartner Group, in the 1990s",
         "Carlson Marketing Group, in the 2000s"],
        2, "The research firm Gartner Group introduced the term in the 1990s; the practice grew first in the USA.",
        "I1",
    ),
    QuizQuestion(
        "CRM's 'iron triangle' (铁三角) is made of which three parts?",
        ["Product, price and place", "Philosophy, technology and implementation",
         "Sales, marketing and service", "Customers, suppliers and rivals"],
        1, "The philosophy is the foundation, IT is the means, and implementation decides the result.",
        "I1",
    ),
    QuizQuestion(
        "Which definition of CRM is IBM's?",
        ["Giving the firm an all-round view of the customer to maximise customer profitability",
         "Making every employee, dealer or customer prefer the company, so as to keep them",
         "The whole business process of identifying, selecting, acquiring, developing and keeping customers",
         "A call-centre system for answering complaints"],
        2, "The first is Gartner Group's, the second Carlson Marketing Group's, the third IBM's.",
        "I1",
    ),
    QuizQuestion(
        "A customer's network value (网络化价值) arises when…",
        ["the customer posts reviews online",
         "the customer's own customers adopt your product to trade with it, and theirs in turn",
         "the customer buys over the internet",
         "the customer joins a loyalty programme"],
        1, "Adoption spreads along the chain of business relationships, like a network effect.",
        "I2",
    ),
    QuizQuestion(
        "Which three forces explain why CRM arose?",
        ["Valuing customer resources, business pull and technology push",
         "Globalisation, regulation and inflation",
         "Lower prices, more products and more shops",
         "Mergers, outsourcing and automation"],
        0, "A new view of customers as resources, demands from sales/marketing/service staff, and IT that made it possible.",
        "I2",
    ),
    QuizQuestion(
        "Why did modern CRM replace the older, manual 'customer management'?",
        ["Customers stopped complaining", "Modern management information technology made it practical",
         "Marketing theory was abandoned", "Prices rose"],
        1, "Keeping every customer's history and acting on it at scale needs databases and networks.",
        "I2",
    ),
    QuizQuestion(
        "Which of these is NOT one of the five parts of the CRM theory framework used in this book?",
        ["Customer value", "Customer lifecycle", "Customer segmentation", "Supplier selection"],
        3, "The five are customer value, lifecycle, segmentation, satisfaction (and loyalty), and CRM technology.",
        "I3",
    ),
    QuizQuestion(
        "A firm has few customers and earns a high margin on each unit. Which relationship level fits?",
        ["Basic (基本型)", "Reactive (被动型)", "Accountable (负责型)", "Partnership (伙伴型)"],
        3, "Few customers and high margins pay for working continuously with each one: a partnership.",
        "I4",
    ),
    QuizQuestion(
        "A firm has a very large number of customers and a thin margin. Which level fits?",
        ["Basic (基本型)", "Proactive (能动型)", "Accountable (负责型)", "Partnership (伙伴型)"],
        0, "Each relationship earns too little to pay for follow-up: sell well and keep service simple.",
        "I4",
    ),
    QuizQuestion(
        "Which of these functions is outside the scope of a CRM system?",
        ["Sales management", "Purchasing management", "Call centre", "Data mining"],
        1, "Purchasing faces suppliers (that is SCM/ERP); CRM faces customers.",
        "I5",
    ),
    QuizQuestion(
        "For a retailer that trades mainly over the counter, what should the core of its CRM be?",
        ["Sales-force automation", "Customer analysis and database marketing", "A partner portal",
         "Field-service scheduling"],
        1, "Store transactions leave data about who buys what: analysing it and marketing from it is the core.",
        "I5",
    ),
    QuizQuestion(
        "Which of these is a back-office analysis, not a front-end e-commerce CRM service to the customer?",
        ["Personalised web pages", "Online customer service", "Self-service order tracking",
         "Customer status analysis"],
        3, "The first three are services the customer uses; status analysis is what the firm does with the data.",
        "I5",
    ),
    QuizQuestion(
        "Which departments deal most directly with customers?",
        ["Marketing, sales and service", "Finance and legal", "Purchasing and logistics", "R&D only"],
        0, "These three are the 'front office' that CRM systems support.",
        "I5",
    ),
    QuizQuestion(
        "The listening rule of seed 002 says a salesperson should…",
        ["talk 80 % of the time and listen 20 %", "talk 20 % of the time and listen 80 %",
         "talk and listen equally", "not talk until asked"],
        1, "Talking 20 % and listening 80 % is how you learn the customer's needs.",
        "I6",
    ),
    QuizQuestion(
        "In Herzberg's two-factor theory, which factors cause dissatisfaction when they are missing, "
        "but do not motivate when present?",
        ["Motivators", "Hygiene factors", "Self-actualisation needs", "Promotions"],
        1, "Hygiene factors (保健因素) such as policy, supervision and pay; motivators (促进因素) create satisfaction.",
        "I6",
    ),
    QuizQuestion(
        "Going from the 4P to the 4C view, 'price' becomes…",
        ["customer value", "cost to the customer", "communication", "convenience"],
        1, "Product → customer value, price → cost, promotion → communication, place → convenience.",
        "I6",
    ),
    QuizQuestion(
        "If a brand's products reach the buyer through two intermediaries (three links) instead of directly, "
        "the relationship is how strong, relative to selling direct?",
        ["One third", "One ninth", "Two thirds", "Unchanged"],
        1, "Strength ∝ 1 / links²: (1/3)² = 1/9.",
        "I7",
    ),
    QuizQuestion(
        "Which of these is dynamic (动态) customer data?",
        ["Home address", "Education", "Purchase history and complaints", "Region"],
        2, "Static data describe who the customer is; dynamic data record what the customer does.",
        "I8",
    ),
    QuizQuestion(
        "Spotting an unusual jump in one card's spending, to ask 'fraud or change?', is which data-mining task?",
        ["Dependency analysis", "Class identification", "Concept description", "Deviation detection"],
        3, "Deviation detection looks for records that break the usual pattern.",
        "I8",
    ),
]


def intro_quiz():
    """The chapter 0 self-check quiz, rendered by :func:`crmlib.exercises.quiz`.

    Examples
    --------
    >>> intro_quiz().n_questions >= 15
    True
    """
    return quiz(QUIZ, name="ch0-quiz")
