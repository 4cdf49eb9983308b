"""The training journal: what the course records while learners use it (chapter opened, quiz
answers, simulator events), and what reads it back — learner progress, the trainer's class view
and its export. Standard library only: every trainee's kernel and the server import it.
"""
